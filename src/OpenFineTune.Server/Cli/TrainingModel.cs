using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Cli;

/// <summary>
/// The model <c>validate</c> tokenizes for and times: a <c>--model</c> value as <c>serve</c> reads it, or the built-in
/// model (the data dir's copy, else a temporary one, so validating leaves nothing behind).
/// </summary>
sealed class TrainingModel : IDisposable
{
    readonly string? _temporary;

    TrainingModel(string id, string directory, BaseModelKind kind, string? temporary)
    {
        (Id, Directory, Kind, _temporary) = (id, directory, kind, temporary);
        var config = DecoderConfig.Load(Path.Combine(directory, ModelDirectory.ConfigFile));
        MaxTokens = Math.Min(config.MaxPositionEmbeddings, TrainerOptions.Default.MaxSequenceLength); // as the trainer cuts
    }

    public string Id { get; }
    public string Directory { get; }
    public BaseModelKind Kind { get; }

    /// <summary>The longest example the trainer keeps whole.</summary>
    public int MaxTokens { get; }

    public static TrainingModel Resolve(string? spec, string dataDir)
    {
        if (spec is not null)
        {
            var source = ModelSource.Parse(spec);
            return new TrainingModel(source.Id, source.Directory, BaseModelKind.Pretrained, null);
        }
        var existing = Path.Combine(Path.GetFullPath(dataDir), "models", BuiltInModel.Id);
        if (File.Exists(Path.Combine(existing, ModelDirectory.ConfigFile))) return new TrainingModel(BuiltInModel.Id, existing, BaseModelKind.BuiltIn, null);
        var temporary = System.IO.Directory.CreateTempSubdirectory("oft-validate-").FullName;
        return new TrainingModel(BuiltInModel.Id, BuiltInModel.EnsureCreated(temporary), BaseModelKind.BuiltIn, temporary);
    }

    public SftExampleBuilder ExampleBuilder() => SftExampleBuilder.ForModel(Directory, MaxTokens);

    public void Dispose()
    {
        if (_temporary is not null) System.IO.Directory.Delete(_temporary, recursive: true);
    }
}
