using System.Text.Json.Nodes;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>
/// A PEFT-format adapter with known A/B matrices (seeded normal values), written as PEFT writes it:
/// adapter_config.json + adapter_model.safetensors with <c>base_model.model.{path}.lora_A.weight</c> keys.
/// </summary>
sealed class TestAdapter
{
    public static readonly string[] Targets = ["q_proj", "v_proj", "down_proj"];

    public required int Rank { get; init; }
    public required double Alpha { get; init; }
    public required Dictionary<string, (float[] A, long[] AShape, float[] B, long[] BShape)> Matrices { get; init; }

    public double Scaling => Alpha / Rank;

    /// <summary>Random A [r, in] and B [out, r] for every target projection of <paramref name="model"/>.</summary>
    public static TestAdapter For(CausalLM model, int rank, double alpha, long seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var matrices = new Dictionary<string, (float[], long[], float[], long[])>();
        foreach (var (path, owner) in model.ProjectionOwners())
            foreach (var (name, projection) in owner.Projections.Where(p => Targets.Contains(p.Key)))
            {
                var weight = ((Linear)projection).weight!;
                var a = normal(0, 0.2, [rank, weight.shape[1]], generator: generator);
                var b = normal(0, 0.2, [weight.shape[0], rank], generator: generator);
                matrices[$"{path}.{name}"] = (a.data<float>().ToArray(), a.shape, b.data<float>().ToArray(), b.shape);
            }
        return new TestAdapter { Rank = rank, Alpha = alpha, Matrices = matrices };
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var config = new JsonObject
        {
            ["peft_type"] = "LORA", ["task_type"] = "CAUSAL_LM", ["r"] = Rank, ["lora_alpha"] = Alpha, ["lora_dropout"] = 0.0,
            ["bias"] = "none", ["target_modules"] = new JsonArray(Targets.Select(t => (JsonNode)t).ToArray()),
            ["base_model_name_or_path"] = "stories260k", ["use_rslora"] = false,
        };
        File.WriteAllText(Path.Combine(directory, "adapter_config.json"), config.ToJsonString());
        using var scope = NewDisposeScope();
        var tensors = Matrices.SelectMany(m => new[]
        {
            KeyValuePair.Create($"base_model.model.{m.Key}.lora_A.weight", tensor(m.Value.A).reshape(m.Value.AShape)),
            KeyValuePair.Create($"base_model.model.{m.Key}.lora_B.weight", tensor(m.Value.B).reshape(m.Value.BShape)),
        });
        SafetensorsWriter.Write(Path.Combine(directory, "adapter_model.safetensors"), tensors, metadata: new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>Adds (alpha/r)·B·A to every target weight of <paramref name="model"/> in place: the merged model.</summary>
    public void MergeInto(CausalLM model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (path, owner) in model.ProjectionOwners())
            foreach (var (name, projection) in owner.Projections.Where(p => Targets.Contains(p.Key)))
            {
                var (a, aShape, b, bShape) = Matrices[$"{path}.{name}"];
                var delta = tensor(b).reshape(bShape).matmul(tensor(a).reshape(aShape)) * Scaling;
                ((Linear)projection).weight!.add_(delta);
            }
    }
}
