using System.Text.Json;
using System.Text.Json.Serialization;
using OpenFineTune.Engine.Models.Safetensors;
using OpenFineTune.Engine.Peft;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// What a checkpoint adds to its PEFT adapter so a run can continue exactly: the optimiser steps taken, the
/// trained tokens, the seed and plan it ran with (shuffles and dropout are functions of seed and step), and the
/// AdamW moments (optimizer.safetensors).
/// </summary>
public sealed record TrainerState(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("total_steps")] int TotalSteps,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("trained_tokens")] long TrainedTokens,
    [property: JsonPropertyName("metrics")] TrainingStepMetrics? Metrics)
{
    public const string StateFile = "trainer_state.json";
    public const string OptimizerFile = "optimizer.safetensors";

    // NaN metrics (a pause before the first step) must still serialise.
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes adapter, optimiser moments and this state into <paramref name="directory"/> (replacing it).</summary>
    public void Save(string directory, LoraInjection injection, LoraAdamW optimizer, string baseModel)
    {
        var partial = directory + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        PeftAdapter.Save(partial, injection, baseModel);
        SafetensorsWriter.Write(Path.Combine(partial, OptimizerFile), optimizer.State());
        File.WriteAllText(Path.Combine(partial, StateFile), JsonSerializer.Serialize(this, Json));
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.Move(partial, directory); // a crash never leaves a half-written checkpoint under the real name
    }

    /// <summary>Reads the state of <paramref name="directory"/> and copies its adapter and moments into the run.</summary>
    public static TrainerState Restore(string directory, LoraInjection injection, LoraAdamW optimizer)
    {
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath)) throw new InvalidDataException($"{statePath}: not found; {directory} is not a training checkpoint");
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath), Json)
            ?? throw new InvalidDataException($"{statePath}: holds null");
        using (var adapter = new SafetensorsFile(Path.Combine(directory, PeftAdapter.WeightsFile)))
            foreach (var (key, parameter) in injection.TrainableParameters) adapter.CopyInto(key, parameter);
        using (var moments = new SafetensorsFile(Path.Combine(directory, OptimizerFile)))
            optimizer.Restore((name, tensor) => { moments.CopyInto(name, tensor); return true; }, state.Step);
        return state;
    }
}
