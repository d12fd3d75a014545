{{/* Chart name, overridable. */}}
{{- define "reflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified release name: "reflow" for a release named reflow. */}}
{{- define "reflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "reflow.gateway.fullname" -}}
{{- printf "%s-gateway" (include "reflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "reflow.operator.fullname" -}}
{{- printf "%s-operator" (include "reflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Namespace of the MCPInstances: instanceNamespace, else the release namespace. */}}
{{- define "reflow.instanceNamespace" -}}
{{- default .Release.Namespace .Values.instanceNamespace -}}
{{- end -}}

{{/* Labels on every object of the chart. */}}
{{- define "reflow.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: reflow
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- end -}}

{{/* Gateway selector labels. app.kubernetes.io/name=reflow-gateway is the contract the NetworkPolicy uses. */}}
{{- define "reflow.gateway.selectorLabels" -}}
app.kubernetes.io/name: reflow-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "reflow.gateway.labels" -}}
{{ include "reflow.gateway.selectorLabels" . }}
app.kubernetes.io/component: gateway
{{ include "reflow.commonLabels" . }}
{{- end -}}

{{- define "reflow.operator.selectorLabels" -}}
app.kubernetes.io/name: reflow-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "reflow.operator.labels" -}}
{{ include "reflow.operator.selectorLabels" . }}
app.kubernetes.io/component: operator
{{ include "reflow.commonLabels" . }}
{{- end -}}

{{- define "reflow.gateway.serviceAccountName" -}}
{{- if .Values.gateway.serviceAccount.create -}}
{{- default (include "reflow.gateway.fullname" .) .Values.gateway.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.gateway.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "reflow.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "reflow.operator.fullname" .) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* An image reference: repository@digest when a digest is set (the tag is then ignored), else repository:tag. */}}
{{- define "reflow.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .appVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "reflow.gateway.image" -}}
{{- include "reflow.image" (dict "image" .Values.gateway.image "appVersion" .Chart.AppVersion) -}}
{{- end -}}

{{- define "reflow.operator.image" -}}
{{- include "reflow.image" (dict "image" .Values.operator.image "appVersion" .Chart.AppVersion) -}}
{{- end -}}

{{/*
The data of the gateway's generated Secret: the values of the Secret already in the cluster (kept
across upgrades), else new random ones. Computed once per render and remembered, so the Secret and
the pods' checksum/secret annotation see the same values even on the first install.
*/}}
{{- define "reflow.gateway.secretData" -}}
{{- if not (hasKey .Values "reflowGeneratedSecretData") -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "reflow.gateway.fullname" .) -}}
{{- $data := dict -}}
{{- if and $existing $existing.data -}}
{{- $data = $existing.data -}}
{{- end -}}
{{- $generated := dict
  "REFLOW_ADMIN_TOKEN" (get $data "REFLOW_ADMIN_TOKEN" | default (randAlphaNum 48 | b64enc))
  "JWT_SECRET" (get $data "JWT_SECRET" | default (randAlphaNum 64 | b64enc))
  "ENCRYPTION_KEY" (get $data "ENCRYPTION_KEY" | default (randBytes 32 | b64enc))
  "SESSION_KEY" (get $data "SESSION_KEY" | default (randAlphaNum 48 | b64enc)) -}}
{{- $_ := set .Values "reflowGeneratedSecretData" $generated -}}
{{- end -}}
{{- toJson (get .Values "reflowGeneratedSecretData") -}}
{{- end -}}

{{/*
The checksum/secret pod annotation: a hash of the gateway Secret's data, so pods roll when a value
changes. For an existingSecret it hashes what the cluster holds at install/upgrade time (empty when
it cannot be read, e.g. helm template); a change to it between upgrades needs a rollout restart.
*/}}
{{- define "reflow.gateway.secretChecksum" -}}
{{- if .Values.gateway.existingSecret -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace .Values.gateway.existingSecret -}}
{{- toJson (($existing | default dict).data | default dict) | sha256sum -}}
{{- else -}}
{{- include "reflow.gateway.secretData" . | sha256sum -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret holding the gateway's secrets. */}}
{{- define "reflow.gateway.secretName" -}}
{{- default (include "reflow.gateway.fullname" .) .Values.gateway.existingSecret -}}
{{- end -}}

{{/*
The gateway config as rendered into the ConfigMap: the user's gateway.config with the keys a cluster
install needs forced (listen on all interfaces, in-cluster credentials, the instance namespace).
*/}}
{{- define "reflow.gateway.config" -}}
{{- $config := deepCopy .Values.gateway.config -}}
{{- $k8s := $config.kubernetes | default dict -}}
{{- $ns := include "reflow.instanceNamespace" . -}}
{{- if and $k8s.namespace (ne $k8s.namespace $ns) -}}
{{- fail (printf "gateway.config.kubernetes.namespace (%s) differs from the instance namespace (%s): leave it empty and set instanceNamespace" $k8s.namespace $ns) -}}
{{- end -}}
{{- if and $k8s.kubeconfig (ne $k8s.kubeconfig "") -}}
{{- fail "gateway.config.kubernetes.kubeconfig must be empty in a cluster (in-cluster credentials from the ServiceAccount)" -}}
{{- end -}}
{{- $_ := set $k8s "namespace" $ns -}}
{{- $_ := set $k8s "kubeconfig" "" -}}
{{- if $k8s.enabled -}}
{{- $_ := set $k8s "instance_owner" (include "reflow.instanceOwner" .) -}}
{{- end -}}
{{- $_ := set $config "kubernetes" $k8s -}}
{{- $server := $config.server | default dict -}}
{{- $_ := set $server "host" "0.0.0.0" -}}
{{- $_ := set $config "server" $server -}}
{{- toYaml $config -}}
{{- end -}}

{{/* The store kind of the gateway config. */}}
{{- define "reflow.gateway.storeKind" -}}
{{- $store := .Values.gateway.config.store | default dict -}}
{{- default "file" $store.kind -}}
{{- end -}}

{{/* The HTTP port the gateway listens on. */}}
{{- define "reflow.gateway.port" -}}
{{- $server := .Values.gateway.config.server | default dict -}}
{{- default 8080 $server.port -}}
{{- end -}}

{{/* The ConfigMap that owns every MCPInstance, so uninstalling deletes them (and their Pods). */}}
{{- define "reflow.instanceOwner" -}}
{{- printf "%s-instances" (include "reflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
