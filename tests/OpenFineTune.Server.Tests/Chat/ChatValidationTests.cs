namespace OpenFineTune.Server.Tests.Chat;

/// <summary>Each bad parameter is a 400 whose <c>param</c> names it, before the engine sees anything.</summary>
public class ChatValidationTests
{
    [Theory]
    [InlineData(""","temperature":2.5""", "temperature")]
    [InlineData(""","temperature":"hot" """, "temperature")]
    [InlineData(""","top_p":1.5""", "top_p")]
    [InlineData(""","n":0""", "n")]
    [InlineData(""","n":129""", "n")]
    [InlineData(""","stop":["a","b","c","d","e"]""", "stop")]
    [InlineData(""","stop":[1]""", "stop")]
    [InlineData(""","max_tokens":0""", "max_tokens")]
    [InlineData(""","max_completion_tokens":-3""", "max_completion_tokens")]
    [InlineData(""","presence_penalty":2.5""", "presence_penalty")]
    [InlineData(""","frequency_penalty":-3""", "frequency_penalty")]
    [InlineData(""","logit_bias":{"hello":1}""", "logit_bias")]
    [InlineData(""","logit_bias":{"5":101}""", "logit_bias")]
    [InlineData(""","top_logprobs":2""", "top_logprobs")]
    [InlineData(""","logprobs":true,"top_logprobs":21""", "top_logprobs")]
    [InlineData(""","stream_options":{"include_usage":true}""", "stream_options")]
    [InlineData(""","response_format":{"type":"json_schema","json_schema":{"name":"x"}}""", "response_format")]
    [InlineData(""","response_format":{"type":"yaml"}""", "response_format.type")]
    [InlineData(""","response_format":{"type":"json_object"}""", "messages")]
    [InlineData(""","modalities":["text","audio"]""", "modalities")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"has space"}}]""", "tools[0].function.name")]
    [InlineData(""","seed":1.5""", "seed")]
    public async Task BadParameterIs400NamingIt(string extra, string param)
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat(extra)));

        var error = await Envelope.AssertError(response, 400);
        Assert.Equal(param, error.Str("param"));
        Assert.Equal("invalid_request_error", error.Str("type"));
        Assert.Empty(engine.Requests);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"fake-model","messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-model"}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages[0].content[1]")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"hi"},{"role":"tool","content":"42"}]}""", "messages[1].tool_call_id")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"function","content":"42"}]}""", "messages[0].name")]
    public async Task BadMessagesAre400NamingTheField(string json, string param)
    {
        await using var app = new FakeTextGenerator().App();

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(json));

        var error = await Envelope.AssertError(response, 400);
        Assert.Equal(param, error.Str("param"));
    }

    [Fact]
    public async Task ImagePartsAreRefusedWithAReason()
    {
        await using var app = new FakeTextGenerator().App();
        var json = """{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""";

        var error = await Envelope.AssertError(await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(json)), 400);

        Assert.Contains("'image_url' are not supported", error.Str("message"));
        Assert.Contains("read text only", error.Str("message"));
    }

    [Fact]
    public async Task JsonObjectFormatIsAcceptedWhenTheMessagesMentionJson()
    {
        await using var app = new FakeTextGenerator().App();
        var json = """{"model":"fake-model","messages":[{"role":"user","content":"Answer in JSON."}],"response_format":{"type":"json_object"}}""";

        await Wire.PostOk(app.CreateClient(), "/v1/chat/completions", json);
    }

    [Fact]
    public async Task UnknownModelIs404ModelNotFoundNamingModel()
    {
        await using var app = new FakeTextGenerator().App();

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json(Wire.Chat(model: "nope")));

        var error = await Envelope.AssertError(response, 404);
        Assert.Equal(("model", "model_not_found"), (error.Str("param"), error.Str("code")));
        Assert.StartsWith("The model `nope` does not exist", error.Str("message"));
        Assert.Contains("--model-alias NAME=ID", error.Str("message"));
    }

    [Fact]
    public async Task PromptLongerThanTheContextIs400ContextLengthExceeded()
    {
        await using var app = new FakeTextGenerator().App();
        var messages = string.Join(",", Enumerable.Repeat("""{"role":"user","content":"hi"}""", 51));

        var response = await app.CreateClient().PostAsync("/v1/chat/completions", Wire.Json($$"""{"model":"fake-model","messages":[{{messages}}]}"""));

        var error = await Envelope.AssertError(response, 400);
        Assert.Equal(("messages", "context_length_exceeded"), (error.Str("param"), error.Str("code")));
        Assert.Contains("maximum context length is 50 tokens", error.Str("message"));
    }
}
