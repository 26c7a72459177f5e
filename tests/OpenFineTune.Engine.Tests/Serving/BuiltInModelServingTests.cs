using OpenFineTune.Engine.Datasets;
using OpenFineTune.Engine.Generation;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Serving;

namespace OpenFineTune.Engine.Tests.Serving;

/// <summary>With no --model the registry creates and serves the built-in model, through the ordinary HF loading path.</summary>
public sealed class BuiltInModelServingTests : IDisposable
{
    readonly ScratchDirectory _data = new();
    readonly ModelRegistry _registry;

    public BuiltInModelServingTests() => _registry = new ModelRegistry(new EngineOptions { DataDir = _data.Path, Threads = 1 });

    [Fact]
    public void ServesTheBuiltInModelWhenNoModelIsGiven()
    {
        var info = Assert.Single(_registry.BaseModels);
        Assert.Equal(("openfinetune-tiny", true), (info.Id, info.IsBuiltIn));
        Assert.Contains("knows nothing until fine-tuned", info.Description);
        Assert.Equal(_data.Sub("models", "openfinetune-tiny"), info.Source);
        Assert.Matches("^fp_[0-9a-f]{10}$", _registry.Base(info.Id).Fingerprint);
    }

    [Fact]
    public void ChatIsRenderedWithChatMlAndItsSpecialTokensAreSingleIds()
    {
        var generator = new TextGenerator(_registry);
        var chat = new Prompt.Chat(
            [ConversationMessage.Text("system", "Be brief.", "messages[0].content"), ConversationMessage.Text("user", "Hola", "messages[1].content")], []);
        var prepared = generator.Prepare(new GenerationRequest(BuiltInModel.Id, chat, new SamplingOptions(temperature: 0), MaxNewTokens: 4));
        var tokenizer = _registry.Base(BuiltInModel.Id).Tokenizer;
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHola<|im_end|>\n<|im_start|>assistant\n", tokenizer.Decode(prepared.PromptIds));
        Assert.Equal(tokenizer.TokenToId("<|im_start|>"), prepared.PromptIds[0]);
        Assert.Equal(3, prepared.PromptIds.Count(id => id == tokenizer.TokenToId("<|im_start|>")));
        Assert.Equal(prepared.SystemFingerprint, _registry.Base(BuiltInModel.Id).Fingerprint);
    }

    [Fact]
    public async Task ChatGenerationEndsAtTheTokenBudgetOrImEnd()
    {
        var generator = new TextGenerator(_registry);
        var chat = new Prompt.Chat([ConversationMessage.Text("user", "Hi", "messages[0].content")], []);
        var deltas = await ServingTestModels.Collect(generator, new GenerationRequest(BuiltInModel.Id, chat, new SamplingOptions(temperature: 0), MaxNewTokens: 16));
        var last = deltas[^1];
        Assert.Contains(last.FinishReason, new[] { "length", "stop" });
        Assert.True(deltas.Sum(d => d.Tokens) <= 16);
        Assert.DoesNotContain("<|im_end|>", ServingTestModels.Text(deltas)); // special tokens are never text
    }

    public void Dispose()
    {
        _registry.Dispose();
        _data.Dispose();
    }
}
