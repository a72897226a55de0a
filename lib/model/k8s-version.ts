/** The Kubernetes version whose OpenAPI definitions Berth validates against (and charts render for). */
export const K8S_SCHEMA_VERSION = 'v1.33.0';
