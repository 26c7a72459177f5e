using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Jobs;

/// <summary>
/// The job's result file (notes §3.9): <c>step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy</c>,
/// one row per step, built from the metrics events. Served as plain CSV; OpenAI serves it base64-encoded
/// (documented difference in docs/api.md).
/// </summary>
public static class ResultCsv
{
    public const string FileName = "step_metrics.csv", Purpose = "fine-tune-results";
    const string Header = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy";

    public static byte[] Build(IEnumerable<JobEventRecord> events)
    {
        var rows = new SortedDictionary<int, string>(); // a step run again after a restart keeps its last values
        foreach (var e in events.Where(e => e.Type == "metrics" && e.DataJson is not null))
        {
            using var data = JsonDocument.Parse(e.DataJson!);
            var d = data.RootElement;
            var step = d.GetProperty("step").GetInt32();
            rows[step] = string.Join(",", step.ToString(CultureInfo.InvariantCulture),
                Number(d, "train_loss"), Number(d, "train_mean_token_accuracy"), Number(d, "valid_loss"), Number(d, "valid_mean_token_accuracy"));
        }
        return Encoding.UTF8.GetBytes(string.Join("\n", rows.Values.Prepend(Header)) + "\n");
    }

    static string Number(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble().ToString("0.0#####", CultureInfo.InvariantCulture) : "";
}
