using TorchSharp;

namespace OpenFineTune.Engine;

/// <summary>Process-wide libtorch settings: device and thread count are run-time choices.</summary>
public static class TorchRuntime
{
    static int _threads;

    /// <summary>Sets libtorch's intra-op threads (a busy 2-core machine trains faster on 1: builtin-model-notes.md).</summary>
    public static void Configure(int threads)
    {
        if (threads <= 0) return;
        torch.set_num_threads(threads);
        _threads = threads;
    }

    /// <summary>Threads for our own kernels: the configured count, else libtorch's.</summary>
    public static int Threads => _threads > 0 ? _threads : torch.get_num_threads();

    public static torch.Device ParseDevice(string name) => name switch
    {
        "cpu" => torch.CPU,
        "cuda" when torch.cuda.is_available() => torch.CUDA,
        "cuda" => throw new InvalidOperationException("--device cuda was asked for, but this build has no CUDA backend (build with -p:TorchBackend=cuda) or no GPU is visible."),
        _ => throw new ArgumentException($"--device must be cpu or cuda; got \"{name}\"."),
    };
}
