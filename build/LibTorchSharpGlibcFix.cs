// Marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement as weak so it loads on Debian 12's libstdc++.
// Why and how it was measured: ../shared/docs/torchsharp-on-older-glibc.md. Compiled twice: as an MSBuild
// inline task (build/TorchSharpNativeFix.targets) and into the engine tests, which test the patcher itself.
using System;
using System.IO;
using System.Text;

namespace OpenFineTune.Build
{
    public enum PatchOutcome { Patched, AlreadyPatched, NotApplicable }

    public static class ElfWeakVersionPatcher
    {
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        /// <summary>ORs VER_FLG_WEAK into the vna_flags of (library, version) in .gnu.version_r; changes nothing else.</summary>
        public static PatchOutcome Patch(string path, string library = "libstdc++.so.6", string version = "GLIBCXX_3.4.32")
        {
            byte[] elf = File.ReadAllBytes(path);
            int? flagsOffset = FindVernauxFlags(elf, library, version);
            if (flagsOffset is not int at) return PatchOutcome.NotApplicable;
            ushort flags = BitConverter.ToUInt16(elf, at);
            if ((flags & VerFlgWeak) != 0) return PatchOutcome.AlreadyPatched;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Position = at;
                file.Write(BitConverter.GetBytes((ushort)(flags | VerFlgWeak)), 0, 2);
            }
            return PatchOutcome.Patched;
        }

        /// <summary>File offset of the vna_flags field to patch, or null when the file has no such requirement.</summary>
        public static int? FindVernauxFlags(byte[] elf, string library, string version)
        {
            // ELF64, little-endian only (x86-64 and arm64 Linux).
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
                return null;
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (sh + 64 > elf.Length) return null;
                if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
                long offset = BitConverter.ToInt64(elf, (int)sh + 24);
                int link = (int)BitConverter.ToUInt32(elf, (int)sh + 40), count = (int)BitConverter.ToUInt32(elf, (int)sh + 44);
                long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 24);
                return FindInVerneed(elf, offset, count, strtab, library, version);
            }
            return null;
        }

        static int? FindInVerneed(byte[] elf, long need, int count, long strtab, string library, string version)
        {
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                string file = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount && file == library; a++)
                {
                    if (CString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8)) == version) return (int)aux + 4;
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
            return null;
        }

        static string CString(byte[] elf, long at)
        {
            int end = (int)at;
            while (end < elf.Length && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)at, end - (int)at);
        }
    }

#if !NO_MSBUILD_TASK
    public class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string Directory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            foreach (string so in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                PatchOutcome outcome = ElfWeakVersionPatcher.Patch(so);
                if (outcome == PatchOutcome.Patched) Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, $"Patched GLIBCXX_3.4.32 as weak: {so}");
            }
            return true;
        }
    }
#endif
}
