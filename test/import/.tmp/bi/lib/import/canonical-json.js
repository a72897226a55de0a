"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.canonicalJson = canonicalJson;
exports.sha256 = sha256;
const crypto_1 = require("crypto");
/** JSON text with object keys sorted at every level: equal values give equal text. */
function canonicalJson(value) {
    if (Array.isArray(value)) {
        return '[' + value.map(canonicalJson).join(',') + ']';
    }
    if (typeof value === 'object' && value !== null) {
        const keys = Object.keys(value).sort();
        return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k])).join(',') + '}';
    }
    return JSON.stringify(value) ?? 'null';
}
function sha256(text) {
    return (0, crypto_1.createHash)('sha256').update(text).digest('hex');
}
