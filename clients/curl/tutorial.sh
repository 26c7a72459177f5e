#!/usr/bin/env bash
# The Spanish fine-tuning tutorial (pasos 2-6) with plain curl and jq, against OpenAI's REST API.
#
#   OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=sk-local ./tutorial.sh [dataset.jsonl]
#
# The same variables the official SDKs read (OPENAI_BASE_URL defaults to OpenAI's). BASE_MODEL overrides the
# tutorial's model name (the server maps it to a served model with --model-alias).
set -euo pipefail

dataset=${1:-"$(dirname "$0")/../data/soporte.jsonl"}
base_url=${OPENAI_BASE_URL:-https://api.openai.com/v1}
base_model=${BASE_MODEL:-gpt-4o-mini-2024-07-18}
poll_seconds=${POLL_SECONDS:-5} # the tutorial polls every 60 s; local jobs are short
system='Eres un asistente de soporte técnico de SoftwareCorp.'
question='Mi cuenta está bloqueada'

# One API call: prints the JSON body; on an HTTP error prints OpenAI's error message and exits.
api() {
  local body status
  body=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer ${OPENAI_API_KEY:?set OPENAI_API_KEY}" "$@")
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  if [[ $status != 2* ]]; then
    echo "HTTP $status: $(jq -r '.error.message // .' <<<"$body" 2>/dev/null || echo "$body")" >&2
    exit 1
  fi
  printf '%s' "$body"
}

# Paso 2: Validar Dataset (the tutorial's checks, one jq program per line)
errors=$(jq -Rr 'input_line_number as $i
  | (try fromjson catch null) as $d
  | if $d == null then "Línea \($i): JSON inválido"
    elif ($d | has("messages") | not) then "Línea \($i): Falta '"'messages'"'"
    elif any($d.messages[]; has("role") and has("content") | not) then "Línea \($i): Mensaje mal formado"
    else empty end' "$dataset")
if [[ -n $errors ]]; then
  printf 'Errores encontrados:\n%s\n' "$errors"
  exit 1
fi
echo 'Dataset válido!'

# Paso 3: Subir Dataset
file_id=$(api "$base_url/files" -F purpose=fine-tune -F "file=@$dataset" | jq -r .id)
echo "Archivo subido: $file_id"

# Paso 4: Crear Fine-Tuning Job
job_id=$(api "$base_url/fine_tuning/jobs" -H 'Content-Type: application/json' \
  -d "$(jq -n --arg file "$file_id" --arg model "$base_model" '{training_file: $file, model: $model,
        hyperparameters: {n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8}}')" | jq -r .id)
echo "Job creado: $job_id"

# Paso 5: Monitorear Progreso
while :; do
  job=$(api "$base_url/fine_tuning/jobs/$job_id")
  status=$(jq -r .status <<<"$job")
  echo "Status: $status"
  case $status in succeeded | failed | cancelled) break ;; esac
  sleep "$poll_seconds"
done

# The job's events, oldest first (the API lists newest first).
api "$base_url/fine_tuning/jobs/$job_id/events?limit=10" | jq -r '.data | reverse[] | "Evento: \(.message)"'

if [[ $status != succeeded ]]; then
  echo "El job terminó en $status: $(jq -c .error <<<"$job")"
  exit 1
fi
ft_model=$(jq -r .fine_tuned_model <<<"$job")
echo "Modelo listo: $ft_model"

# Paso 6: Usar el Modelo, and the base model for comparison
ask() {
  echo "--- $1 ---"
  api "$base_url/chat/completions" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg model "$1" --arg system "$system" --arg question "$question" '{model: $model, max_tokens: 100,
          messages: [{role: "system", content: $system}, {role: "user", content: $question}]}')" |
    jq -r '.choices[0].message.content'
}

ask "$ft_model"
ask "$base_model"
