using System.Net;
using OpenAI.Chat;

namespace OpenFineTune.Server.Tests.Metrics;

/// <summary><c>/metrics</c> as Prometheus scrapes it: public, text format, and counters labelled by route, status and model.</summary>
public class MetricsEndpointTests
{
    const string Key = "sk-metrics";
    const string BuiltIn = "openfinetune-tiny";

    [Fact]
    public async Task AfterAChatCompletionMetricsShowTokensTimeToFirstTokenAndTheRequestByRouteAndStatus()
    {
        await using var app = new OpenFineTuneApp(new() { ["OpenFineTune:ApiKeys:0"] = Key });
        var http = app.CreateClient();
        ChatCompletion completion = await app.Sdk(Key).GetChatClient(BuiltIn).CompleteChatAsync([new UserChatMessage("Hola")],
            new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 0 });
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/models")).StatusCode);

        // No Authorization header: Prometheus scrapes without one, like /health.
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        // One process, several test hosts: OpenTelemetry listens to meters by name, so each host's /metrics also counts
        // the requests and tokens of other tests running beside this one. Hence "at least", and gauges by presence.
        Assert.True(PrometheusText.Sum(text, "openfinetune_generation_tokens_total", $"model=\"{BuiltIn}\"") >= completion.Usage.OutputTokenCount, text);
        Assert.True(PrometheusText.Sum(text, "openfinetune_generation_time_to_first_token_seconds_count", $"model=\"{BuiltIn}\"") >= 1, text);
        Assert.True(PrometheusText.Sum(text, "http_server_request_duration_seconds_count",
            "http_request_method=\"POST\"", "http_response_status_code=\"200\"", "http_route=\"/v1/chat/completions\"") >= 1, text);
        Assert.True(PrometheusText.Sum(text, "http_server_request_duration_seconds_count", "http_request_method=\"GET\"", "http_response_status_code=\"401\"") >= 1, text);
        foreach (var gauge in new[] { "openfinetune_fine_tuning_queue_length", "openfinetune_fine_tuning_running_jobs", "openfinetune_adapters_loaded" })
            Assert.Contains($"# TYPE {gauge} gauge", text);
    }
}
