using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>
/// The SDK's synchronous methods (<c>CompleteChat</c>, <c>CompleteChatStreaming</c>) over the in-memory test server,
/// which only answers SendAsync: a handler runs the sync Send through it.
/// </summary>
static class SyncSdk
{
    public static ChatClient Chat(OpenFineTuneApp app, string model)
    {
        var http = app.CreateDefaultClient(new SyncOverAsync());
        return new OpenAIClient(new ApiKeyCredential("sk-noauth"), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
        }).GetChatClient(model);
    }

    sealed class SyncOverAsync : DelegatingHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken ct) =>
            Task.Run(() => SendAsync(request, ct), ct).GetAwaiter().GetResult();
    }
}
