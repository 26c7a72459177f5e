# Steps 3-6 of the Spanish seed tutorial (../shared/seed/fine-tuning-tutorial-es.txt, "Tutorial: Fine-Tuning con
# OpenAI"), copied as printed. One change: the polling sleep is 5 s instead of 60 s, so the test does not idle.
# Run from a folder holding training_data.jsonl, with OPENAI_BASE_URL / OPENAI_API_KEY pointing at the server
# (EndToEnd/TutorialFineTuneTests.cs; the server maps gpt-4o-mini-2024-07-18 to the built-in model).

# Paso 3: Subir Dataset
from openai import OpenAI

client = OpenAI()

# Subir archivo
file = client.files.create(
    file=open("training_data.jsonl", "rb"),
    purpose="fine-tune"
)

print(f"Archivo subido: {file.id}")

# Paso 4: Crear Fine-Tuning Job
job = client.fine_tuning.jobs.create(
    training_file=file.id,
    model="gpt-4o-mini-2024-07-18",
    hyperparameters={
        "n_epochs": 3,
        "batch_size": 1,
        "learning_rate_multiplier": 1.8
    }
)

print(f"Job creado: {job.id}")

# Paso 5: Monitorear Progreso
import time

while True:
    job_status = client.fine_tuning.jobs.retrieve(job.id)
    print(f"Status: {job_status.status}")

    if job_status.status in ['succeeded', 'failed']:
        break

    time.sleep(5)  # the tutorial sleeps 60 s

if job_status.status == 'succeeded':
    print(f"Modelo listo: {job_status.fine_tuned_model}")

# Paso 6: Usar el Modelo
response = client.chat.completions.create(
    model=job_status.fine_tuned_model, # ft:gpt-4o-mini-2024-07-18:org:custom:id
    messages=[
        {"role": "system", "content": "Eres un asistente de soporte técnico de SoftwareCorp."},
        {"role": "user", "content": "Mi cuenta está bloqueada"}
    ]
)

print(response.choices[0].message.content)
