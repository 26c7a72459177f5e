using System.Net.Http.Json;
using System.Text.Json;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>The fine-tuning and chat routes over plain HTTP against a server process; every call fails with the server's answer on non-200.</summary>
sealed class JobsHttp(ServerProcess server) : IDisposable
{
    readonly HttpClient _http = new() { BaseAddress = new Uri(server.ApiBaseUrl + "/"), Timeout = TimeSpan.FromMinutes(5) };

    public async Task<JsonElement> CreateJobAsync(object body) => await OkAsync(await _http.PostAsJsonAsync("fine_tuning/jobs", body));

    public async Task<JsonElement> GetJobAsync(string id) => await OkAsync(await _http.GetAsync($"fine_tuning/jobs/{id}"));

    /// <summary>Every event, oldest first (the API lists newest first, paged with <c>after</c>).</summary>
    public async Task<List<JsonElement>> EventsOldestFirstAsync(string id)
    {
        var events = new List<JsonElement>();
        for (string? after = null; ;)
        {
            var page = await OkAsync(await _http.GetAsync($"fine_tuning/jobs/{id}/events?limit=100{(after is null ? "" : "&after=" + after)}"));
            var data = page.GetProperty("data").EnumerateArray().ToList();
            events.AddRange(data);
            if (!page.GetProperty("has_more").GetBoolean() || data.Count == 0) break;
            after = data[^1].GetProperty("id").GetString();
        }
        events.Reverse();
        return events;
    }

    public async Task<List<int>> CheckpointStepsAsync(string id)
    {
        var page = await OkAsync(await _http.GetAsync($"fine_tuning/jobs/{id}/checkpoints?limit=100"));
        return [.. page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("step_number").GetInt32())];
    }

    public async Task<string> ChatAsync(string model, string user)
    {
        var body = new { model, temperature = 0, max_tokens = 40, messages = new[] { new { role = "user", content = user } } };
        var reply = await OkAsync(await _http.PostAsJsonAsync("chat/completions", body));
        return reply.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";
    }

    static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public void Dispose() => _http.Dispose();
}
