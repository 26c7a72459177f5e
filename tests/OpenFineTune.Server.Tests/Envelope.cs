using System.Net.Http.Headers;
using System.Text.Json;

namespace OpenFineTune.Server.Tests;

/// <summary>Raw-HTTP helpers: the OpenAI error envelope, multipart bodies, and the "still healthy" check.</summary>
static class Envelope
{
    /// <summary>Asserts status, JSON content type, all four envelope keys and a request id; returns the error object.</summary>
    public static async Task<JsonElement> AssertError(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"), "x-request-id missing");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _), "param missing");
        Assert.True(error.TryGetProperty("code", out _), "code missing");
        Assert.DoesNotContain("   at ", error.GetProperty("message").GetString()); // no stack trace
        return error;
    }

    public static string? Str(this JsonElement e, string name) => e.GetProperty(name).GetString();

    public static async Task AssertHealthy(HttpClient client)
    {
        var health = await client.GetAsync("/health");
        Assert.Equal(200, (int)health.StatusCode);
    }

    public static MultipartFormDataContent Upload(byte[] bytes, string filename = "train.jsonl", string? purpose = "fine-tune", bool purposeFirst = true)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (purposeFirst && purpose is not null) form.Add(new StringContent(purpose), "purpose");
        form.Add(file, "file", filename);
        if (!purposeFirst && purpose is not null) form.Add(new StringContent(purpose), "purpose");
        return form;
    }

    public static async Task<string> ListedIds(HttpClient client, string query = "")
    {
        var list = JsonDocument.Parse(await client.GetStringAsync("/v1/files" + query)).RootElement;
        return string.Join(",", list.GetProperty("data").EnumerateArray().Select(f => f.Str("id")));
    }
}
