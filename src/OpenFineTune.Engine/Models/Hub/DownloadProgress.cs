namespace OpenFineTune.Engine.Models.Hub;

/// <summary>Logs one file's download as "file: done / total bytes (percent)" at every tenth of it, and when it ends.</summary>
sealed class DownloadProgress(string file, long? total, Action<string> log)
{
    long _bytes;
    int _lastTenth;

    public void Report(long bytes)
    {
        _bytes = bytes;
        if (total is not > 0) return;
        var tenth = (int)(bytes * 10 / total.Value);
        if (tenth <= _lastTenth || tenth >= 10) return;
        _lastTenth = tenth;
        log($"{file}: {bytes} / {total} bytes ({tenth * 10}%)");
    }

    public void Done() => log($"{file}: {_bytes} / {total?.ToString() ?? "?"} bytes (done)");
}
