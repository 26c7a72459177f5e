using System.Net;

namespace OpenFineTune.Engine.Models.Hub;

/// <summary>Turns a failed hub response into an error that names the repo or file, the HTTP status and what to do.</summary>
static class HubErrors
{
    public static HttpResponseMessage EnsureSuccess(HttpResponseMessage response, string what, HubSettings settings)
    {
        if (response.IsSuccessStatusCode || (int)response.StatusCode is >= 300 and < 400) return response;
        using (response)
            throw new ModelLoadException(what, Explain(response, settings));
    }

    static string Explain(HttpResponseMessage response, HubSettings settings)
    {
        var status = $"HTTP {(int)response.StatusCode} from {response.RequestMessage?.RequestUri}";
        var code = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        var token = settings.Token is null ? "set HF_TOKEN to a token that has access" : "the HF_TOKEN given has no access to it";
        return (code, response.StatusCode) switch
        {
            ("GatedRepo", _) => $"{status}: the repository is gated; accept its terms on the hub and {token}",
            ("RevisionNotFound", _) => $"{status}: revision not found in the repository",
            ("EntryNotFound", _) => $"{status}: file not found in the repository",
            ("RepoNotFound", _) or (_, HttpStatusCode.NotFound) =>
                $"{status}: repository not found (check the name; a private repository also needs HF_TOKEN)",
            (_, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) => $"{status}: the repository is private or gated; {token}",
            _ => $"{status}: {response.ReasonPhrase}",
        };
    }
}
