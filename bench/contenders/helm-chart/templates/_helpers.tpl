{{/* Labels of every object of a service; the argument is the service name. */}}
{{- define "microservices.labels" -}}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/managed-by: berth
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: {{ $.Release.Name }}
{{- end }}
