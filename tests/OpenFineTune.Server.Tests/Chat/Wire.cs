using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>Raw HTTP for chat and completions: JSON bodies in, parsed JSON or SSE events out.</summary>
static class Wire
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> PostOk(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The SSE body split into its events' data; asserts the framing (data lines, blank line after each, no event: lines).</summary>
    public static async Task<List<string>> PostStream(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n\n", body);
        var events = body[..^2].Split("\n\n");
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.DoesNotContain("event:", body);
        return events.Select(e => e["data: ".Length..]).ToList();
    }

    public static JsonElement Parse(string data) => JsonDocument.Parse(data).RootElement;

    public static string Chat(string extra = "", string model = FakeTextGenerator.Model) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{extra}}}""";
}
