using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

public class SafetensorsTests
{
    static Dictionary<string, Tensor> SomeTensors()
    {
        var g = new Generator(7);
        return new()
        {
            ["b.weight"] = randn([5, 3], generator: g),
            ["a.bias"] = randn([7], generator: g),
            ["c.scalar_like"] = randn([1, 1, 2], generator: g),
        };
    }

    [Fact]
    public void WrittenFloat32TensorsReadBackBitIdentical()
    {
        using var dir = new TempDirectory();
        var tensors = SomeTensors();
        SafetensorsWriter.Write(dir.File("t.safetensors"), tensors);
        using var file = new SafetensorsFile(dir.File("t.safetensors"));
        Assert.Equal(tensors.Keys.Order(), file.Names.Order());
        foreach (var (name, expected) in tensors)
        {
            using var actual = file.Read(name);
            Assert.Equal(ScalarType.Float32, actual.dtype);
            Assert.True(actual.equal(expected).all().item<bool>(), name);
        }
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, "BF16")]
    [InlineData(ScalarType.Float16, "F16")]
    public void HalfPrecisionRoundTripStoresTheRoundedValues(ScalarType dtype, string name)
    {
        using var dir = new TempDirectory();
        var tensors = SomeTensors();
        SafetensorsWriter.Write(dir.File("t.safetensors"), tensors, dtype);
        using var file = new SafetensorsFile(dir.File("t.safetensors"));
        var entry = file.Entry("b.weight");
        Assert.Equal(name, entry.DTypeName);
        Assert.Equal(5 * 3 * 2, entry.ByteLength);
        using var asStored = file.Read("b.weight");
        using var asFloat = file.Read("b.weight", ScalarType.Float32);
        Assert.Equal(dtype, asStored.dtype);
        Assert.True(asStored.equal(tensors["b.weight"].to(dtype)).all().item<bool>());
        Assert.True(asFloat.equal(tensors["b.weight"].to(dtype).to(ScalarType.Float32)).all().item<bool>());
    }

    [Fact]
    public void SameTensorsGiveSameBytes()
    {
        using var dir = new TempDirectory();
        SafetensorsWriter.Write(dir.File("1.safetensors"), SomeTensors(), metadata: new Dictionary<string, string> { ["format"] = "pt" });
        SafetensorsWriter.Write(dir.File("2.safetensors"), SomeTensors().Reverse(), metadata: new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(File.ReadAllBytes(dir.File("1.safetensors")), File.ReadAllBytes(dir.File("2.safetensors")));
        using var file = new SafetensorsFile(dir.File("1.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void ReadsTheReferenceCheckpointWrittenByPython()
    {
        // stories260k/hf/model.safetensors was written by shared/tools/reference/make_models.py (see its README).
        using var checkpoint = SafetensorsCheckpoint.Open(Path.Combine(TestPaths.Fixtures, "reference-models", "stories260k", "hf"));
        var embed = checkpoint.Entry("model.embed_tokens.weight");
        Assert.Equal("F32", embed.DTypeName);
        Assert.Equal(new long[] { 512, 64 }, embed.Shape);
        Assert.Equal(2 + 5 * 9, checkpoint.Names.Count); // embed + final norm + 9 tensors per layer, tied head
    }

    [Fact]
    public void ShardedCheckpointFindsEachTensorInItsShard()
    {
        using var dir = new TempDirectory();
        var tensors = SomeTensors();
        SafetensorsWriter.Write(dir.File("model-00001-of-00002.safetensors"), tensors.Take(2));
        SafetensorsWriter.Write(dir.File("model-00002-of-00002.safetensors"), tensors.Skip(2));
        var map = tensors.Keys.Select((k, i) => $"\"{k}\": \"model-0000{(i < 2 ? 1 : 2)}-of-00002.safetensors\"");
        File.WriteAllText(dir.File(SafetensorsCheckpoint.IndexFile), $"{{\"metadata\": {{}}, \"weight_map\": {{{string.Join(",", map)}}}}}");
        using var checkpoint = SafetensorsCheckpoint.Open(dir.Path);
        Assert.Equal(3, checkpoint.Names.Count);
        using var c = checkpoint.Read("c.scalar_like");
        Assert.True(c.equal(tensors["c.scalar_like"]).all().item<bool>());
    }

    [Fact]
    public void TruncatedFileIsAnErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        SafetensorsWriter.Write(dir.File("model.safetensors"), SomeTensors());
        var bytes = File.ReadAllBytes(dir.File("model.safetensors"));
        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..^8]);
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsCheckpoint.Open(dir.Path));
        Assert.EndsWith("model.safetensors", e.File);
        Assert.Contains("outside the file", e.Problem);
    }

    [Fact]
    public void DirectoryWithoutWeightsSaysWhichFilesWereExpected()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsCheckpoint.Open(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("model.safetensors.index.json", e.Message);
    }
}
