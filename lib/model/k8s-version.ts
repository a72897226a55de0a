import { DEFAULT_K8S_VERSION } from './kubernetes-version';

/** The Kubernetes version Berth validates against by default (and charts render for), as `v1.33.0`. */
export const K8S_SCHEMA_VERSION = `v${DEFAULT_K8S_VERSION}.0`;
