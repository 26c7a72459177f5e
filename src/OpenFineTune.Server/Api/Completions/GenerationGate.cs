using System.Runtime.CompilerServices;
using OpenFineTune.Server.Api.Common;

namespace OpenFineTune.Server.Api.Completions;

/// <summary>
/// Bounds the generations in flight (chat and completions together): <c>MaxActive</c> run, up to <c>MaxQueued</c> more
/// wait their turn, and anything beyond is turned away at once with 429 + Retry-After (the SDKs back off and retry)
/// instead of queueing without bound. Settings: <c>OpenFineTune:MaxConcurrentGenerations</c> (default 16) and
/// <c>OpenFineTune:MaxQueuedGenerations</c> (default 64). The running generations of a model decode in shared forward
/// passes (continuous batching), so <c>MaxActive</c> is also the largest decode batch: raising it trades per-stream
/// speed for aggregate throughput.
/// </summary>
public sealed class GenerationGate(int maxActive, int maxQueued)
{
    static readonly ConditionalWeakTable<IServiceProvider, GenerationGate> PerApp = [];
    readonly SemaphoreSlim _active = new(maxActive, maxActive);
    int _admitted;

    /// <summary>The one gate of this app (both endpoint groups share it).</summary>
    public static GenerationGate Of(IServiceProvider services) => PerApp.GetValue(services, sp =>
    {
        var config = sp.GetRequiredService<IConfiguration>();
        return new GenerationGate(
            Math.Max(1, config.GetValue("OpenFineTune:MaxConcurrentGenerations", 16)),
            Math.Max(0, config.GetValue("OpenFineTune:MaxQueuedGenerations", 64)));
    });

    /// <summary>A ticket for one generation, or null when every run and queue slot is taken.</summary>
    public Ticket? TryAdmit()
    {
        if (Interlocked.Increment(ref _admitted) <= maxActive + maxQueued) return new Ticket(this);
        Interlocked.Decrement(ref _admitted);
        return null;
    }

    public sealed class Ticket(GenerationGate gate) : IDisposable
    {
        bool _running, _disposed;

        /// <summary>Waits until fewer than MaxActive generations run (cancelled when the client leaves).</summary>
        public async Task WaitTurnAsync(CancellationToken ct)
        {
            await gate._active.WaitAsync(ct);
            _running = true;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_running) gate._active.Release();
            Interlocked.Decrement(ref gate._admitted);
        }
    }

    /// <summary>The 429 a full gate answers with.</summary>
    public static IResult Busy() => new BusyResult();

    sealed class BusyResult : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = "1";
            return new MappedError(429, new OpenAIError(
                "This server is busy: too many generations are running or queued. Retry after a second.",
                "requests", null, "rate_limit_exceeded")).WriteAsync(http);
        }
    }
}
