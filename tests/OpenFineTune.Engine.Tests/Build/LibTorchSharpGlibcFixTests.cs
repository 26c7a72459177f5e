using OpenFineTune.Build;

namespace OpenFineTune.Engine.Tests.Build;

public sealed class LibTorchSharpGlibcFixTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string PackageNative(string file)
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", file);
    }

    string CopyOf(string source)
    {
        string target = Path.Combine(_dir, Path.GetFileName(source));
        File.Copy(source, target, overwrite: true);
        return target;
    }

    [Fact]
    public void PatchesTheOneFlagThenLeavesThePatchedFileAlone()
    {
        string so = CopyOf(PackageNative("libLibTorchSharp.so"));
        byte[] before = File.ReadAllBytes(so);
        int flags = ElfWeakVersionPatcher.FindVernauxFlags(before, "libstdc++.so.6", "GLIBCXX_3.4.32")!.Value;

        Assert.Equal(PatchOutcome.Patched, ElfWeakVersionPatcher.Patch(so));
        byte[] after = File.ReadAllBytes(so);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal(new[] { flags }, changed);
        Assert.Equal(before[flags] | 0x2, after[flags]);

        Assert.Equal(PatchOutcome.AlreadyPatched, ElfWeakVersionPatcher.Patch(so));
        Assert.Equal(after, File.ReadAllBytes(so));
    }

    [Fact]
    public void LeavesFilesWithoutThatRequirementUntouched()
    {
        string text = Path.Combine(_dir, "not-elf.so");
        File.WriteAllText(text, "not an ELF file at all, but long enough to have a header-sized prefix......");
        Assert.Equal(PatchOutcome.NotApplicable, ElfWeakVersionPatcher.Patch(text));

        // A real ELF library that needs GLIBCXX but not 3.4.32.
        string libtorchSharp = CopyOf(PackageNative("libLibTorchSharp.so"));
        byte[] before = File.ReadAllBytes(libtorchSharp);
        Assert.Equal(PatchOutcome.NotApplicable, ElfWeakVersionPatcher.Patch(libtorchSharp, version: "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(libtorchSharp));
    }
}
