using System.CommandLine;

namespace OpenFineTune.Server.Cli;

/// <summary>The options that choose what is served, shared by <c>serve</c>, <c>models</c> and (in part) <c>validate</c>.</summary>
static class ModelOptions
{
    public static Option<string> DataDir() =>
        new("--data-dir") { HelpName = "DIR", Description = "Where files, jobs, adapters and the built-in model are kept (default ./data)" };

    public static Option<string[]> Models() => new("--model")
    {
        HelpName = "PATH|ID=PATH|org/name", Arity = ArgumentArity.OneOrMore,
        Description = "A Hugging Face model directory, or a hub id read from the local hub cache (repeatable; default the built-in openfinetune-tiny)",
    };

    public static Option<string[]> Aliases() => new("--model-alias")
    {
        HelpName = "NAME=ID", Arity = ArgumentArity.OneOrMore,
        Description = "Another name for a served model, e.g. gpt-4o-mini-2024-07-18=smol (repeatable)",
    };

    public static Option<string[]> Adapters() => new("--adapter")
    {
        HelpName = "NAME=PATH[@BASE]", Arity = ArgumentArity.OneOrMore,
        Description = "A PEFT LoRA adapter served as a model of its own, on BASE or the first model (repeatable)",
    };

    public static Option<string> Device() =>
        new Option<string>("--device") { HelpName = "cpu|cuda", Description = "Where models run (default cpu)" }.AcceptOnlyFromAmong("cpu", "cuda");

    public static Option<string> Dtype() =>
        new Option<string>("--dtype") { HelpName = "auto|float32|bfloat16|float16", Description = "Weights' type when served (default auto: as saved)" }
            .AcceptOnlyFromAmong("auto", "float32", "bfloat16", "float16");

    public static Option<int> Threads() =>
        new("--threads") { HelpName = "N", Description = "libtorch threads (default 0: libtorch's choice; 1 is fastest on a busy 2-core machine)" };
}
