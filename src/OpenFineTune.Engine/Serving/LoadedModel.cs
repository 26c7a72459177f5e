using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Serving.Adapters;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Serving;

/// <summary>
/// A resident base model with everything generation needs: weights, tokenizer, chat template (null when the model
/// has none), generation_config, context length and a system fingerprint. Forward passes on it run one at a time
/// (<see cref="Run{T}"/>), which is also what makes the per-pass adapter choice safe; its <see cref="Scheduler"/>
/// batches the decode steps of all concurrent generations into shared passes.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);

    LoadedModel(BaseModelInfo info, CausalLM model, ModelTokenizer tokenizer, ModelChatTemplate? template, string fingerprint)
    {
        (Info, Model, Tokenizer, ChatTemplate, Fingerprint) = (info, model, tokenizer, template, fingerprint);
        Adapters = new AdapterSlot(model);
        Scheduler = new BatchScheduler(this);
    }

    public BaseModelInfo Info { get; }
    public string Id => Info.Id;
    public CausalLM Model { get; }
    public ModelTokenizer Tokenizer { get; }
    /// <summary>The model's own chat template with its special tokens; null when it has none (completions only).</summary>
    public ModelChatTemplate? ChatTemplate { get; }
    public GenerationConfig Generation => Model.Generation;
    public string Fingerprint { get; }

    /// <summary>Prompt plus generated tokens may not exceed this (config.json max_position_embeddings).</summary>
    public int ContextLength => Model.Config.MaxPositionEmbeddings;

    /// <summary>Which adapter the next forward pass applies; set only inside <see cref="Run{T}"/>.</summary>
    internal AdapterSlot Adapters { get; }

    /// <summary>Runs the prefills and shared decode steps of every generation on this model.</summary>
    internal BatchScheduler Scheduler { get; }

    /// <summary>Loads the HF directory of <paramref name="source"/>; every file problem names the file.</summary>
    public static LoadedModel Load(ModelSource source, string dtype = "auto", Device? device = null, string? description = null, bool isBuiltIn = false)
    {
        var tokenizer = LoadTokenizer(source.Directory);
        var template = LoadTemplate(source.Directory);
        var fingerprint = ModelFingerprint.Of(source.Directory);
        var created = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(source.Directory, ModelDirectory.ConfigFile))).ToUnixTimeSeconds();
        var model = ModelDirectory.Load(source.Directory, dtype, device);
        var info = new BaseModelInfo(source.Id, created, source.Directory, description, isBuiltIn);
        return new LoadedModel(info, model, tokenizer, template, fingerprint);
    }

    static ModelTokenizer LoadTokenizer(string directory)
    {
        try { return TokenizerFiles.FromDirectory(directory); }
        catch (TokenizerLoadException e) { throw new ModelLoadException(e.File, e.Message[(e.File.Length + 2)..], e); }
    }

    static ModelChatTemplate? LoadTemplate(string directory)
    {
        try { return ModelChatTemplate.Load(directory); }
        catch (InvalidDataException e) when (e.Message.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon)
        {
            throw new ModelLoadException(e.Message[..colon], e.Message[(colon + 2)..], e);
        }
    }

    /// <summary>Runs one model step (forward + sampling) exclusively on the calling thread, with <paramref name="adapter"/> applied.</summary>
    internal T Run<T>(Func<T> step, LoraWeights? adapter)
    {
        _gate.Wait();
        try { return Adapters.With(adapter, step); }
        finally { _gate.Release(); }
    }

    /// <summary>As <see cref="Run{T}"/>, off the caller's thread: for one-off passes outside the scheduler.</summary>
    internal async Task<T> RunAsync<T>(Func<T> step, LoraWeights? adapter, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Adapters.With(adapter, step), CancellationToken.None).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Runs <paramref name="action"/> while no forward pass is in progress (e.g. installing adapter hooks).</summary>
    internal void RunExclusive(Action action)
    {
        _gate.Wait();
        try { action(); }
        finally { _gate.Release(); }
    }

    public void Dispose()
    {
        Model.Dispose();
        _gate.Dispose();
    }
}
