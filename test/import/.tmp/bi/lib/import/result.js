"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_RUNTIME_MODULE = void 0;
exports.DEFAULT_RUNTIME_MODULE = 'berth';
