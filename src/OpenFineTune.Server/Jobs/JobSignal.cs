using System.Threading.Channels;

namespace OpenFineTune.Server.Jobs;

/// <summary>Wakes the worker when there may be work: a job created, resumed or finished. Signals coalesce.</summary>
public sealed class JobSignal
{
    readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wakeups.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _wakeups.Reader.ReadAsync(ct);
}
