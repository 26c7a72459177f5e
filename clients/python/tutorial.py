"""The Spanish fine-tuning tutorial (pasos 2-6) with the official `openai` Python SDK.

Validate the dataset, upload it, create a fine-tuning job with the tutorial's model and hyper-parameters, poll it,
print its events, then ask the fine-tuned model and the base model the same question.

    OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=sk-local python3 tutorial.py [dataset.jsonl]

Code written for OpenAI needs no change: OpenAI() reads OPENAI_BASE_URL and OPENAI_API_KEY. BASE_MODEL overrides
the tutorial's model name (the server maps it to a served model with --model-alias).
"""
import json
import os
import sys
import time
from pathlib import Path

from openai import OpenAI

DATASET = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent / "data" / "soporte.jsonl")
BASE_MODEL = os.environ.get("BASE_MODEL", "gpt-4o-mini-2024-07-18")
POLL_SECONDS = float(os.environ.get("POLL_SECONDS", "5"))  # the tutorial polls every 60 s; local jobs are short
SYSTEM = "Eres un asistente de soporte técnico de SoftwareCorp."
QUESTION = "Mi cuenta está bloqueada"


# Paso 2: Validar Dataset (the tutorial's own checks)
def validate_jsonl(file_path):
    errors = []
    with open(file_path, "r", encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            try:
                data = json.loads(line)
                if "messages" not in data:
                    errors.append(f"Línea {i}: Falta 'messages'")
                    continue
                for msg in data["messages"]:
                    if "role" not in msg or "content" not in msg:
                        errors.append(f"Línea {i}: Mensaje mal formado")
            except json.JSONDecodeError:
                errors.append(f"Línea {i}: JSON inválido")
    return errors


errors = validate_jsonl(DATASET)
if errors:
    print("Errores encontrados:", *errors, sep="\n")
    sys.exit(1)
print("Dataset válido!")

client = OpenAI()

# Paso 3: Subir Dataset
with open(DATASET, "rb") as f:
    file = client.files.create(file=f, purpose="fine-tune")
print(f"Archivo subido: {file.id}")

# Paso 4: Crear Fine-Tuning Job
job = client.fine_tuning.jobs.create(
    training_file=file.id,
    model=BASE_MODEL,
    hyperparameters={"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
)
print(f"Job creado: {job.id}")

# Paso 5: Monitorear Progreso
while True:
    job = client.fine_tuning.jobs.retrieve(job.id)
    print(f"Status: {job.status}")
    if job.status in ("succeeded", "failed", "cancelled"):
        break
    time.sleep(POLL_SECONDS)

# The job's events, oldest first (the API lists newest first).
events = client.fine_tuning.jobs.list_events(fine_tuning_job_id=job.id, limit=10)
for event in reversed(events.data):
    print(f"Evento: {event.message}")

if job.status != "succeeded":
    print(f"El job terminó en {job.status}: {job.error}")
    sys.exit(1)
print(f"Modelo listo: {job.fine_tuned_model}")


# Paso 6: Usar el Modelo, and the base model for comparison
def ask(model):
    response = client.chat.completions.create(
        model=model,
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": QUESTION}],
        max_tokens=100,
    )
    print(f"--- {model} ---")
    print(response.choices[0].message.content)


ask(job.fine_tuned_model)
ask(BASE_MODEL)
