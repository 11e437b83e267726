using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>BIP341/BIP342 constants and the hashes that bind a script leaf to a taproot output key.</summary>
public static class Taproot
{
    /// <summary>The leaf version of BIP342 tapscript.</summary>
    public const byte LeafVersionTapscript = 0xc0;

    /// <summary>Mask of the leaf version bits in a control block's first byte; the low bit is the output key's parity.</summary>
    public const byte LeafMask = 0xfe;

    /// <summary>The first byte that marks the last witness element as an annex.</summary>
    public const byte AnnexTag = 0x50;

    public const int ControlBaseSize = 33;
    public const int ControlNodeSize = 32;
    public const int ControlMaxNodeCount = 128;
    public const int ControlMaxSize = ControlBaseSize + (ControlNodeSize * ControlMaxNodeCount);

    /// <summary>BIP342: every signature check costs this much of the validation weight budget.</summary>
    public const int ValidationWeightPerSigOp = 50;

    /// <summary>BIP342: the budget is the witness size plus this.</summary>
    public const int ValidationWeightOffset = 50;

    /// <summary>TaggedHash("TapLeaf", leaf version || compact size || script).</summary>
    public static byte[] ComputeLeafHash(byte leafVersion, ReadOnlySpan<byte> script)
    {
        var writer = new BitcoinWriter(script.Length + 4);
        writer.WriteByte(leafVersion);
        writer.WriteVarBytes(script);
        return Hashes.TaggedHash("TapLeaf", writer.WrittenSpan);
    }

    /// <summary>TaggedHash("TapBranch", the two children in byte order).</summary>
    public static byte[] ComputeBranchHash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.SequenceCompareTo(b) < 0
            ? Hashes.TaggedHash("TapBranch", [.. a, .. b])
            : Hashes.TaggedHash("TapBranch", [.. b, .. a]);

    /// <summary>The merkle root that the control block's path gives for <paramref name="leafHash"/>.</summary>
    public static byte[] ComputeMerkleRoot(ReadOnlySpan<byte> control, ReadOnlySpan<byte> leafHash)
    {
        var node = leafHash.ToArray();
        for (var offset = ControlBaseSize; offset + ControlNodeSize <= control.Length; offset += ControlNodeSize)
        {
            node = ComputeBranchHash(node, control.Slice(offset, ControlNodeSize));
        }

        return node;
    }

    /// <summary>
    /// BIP341: whether the control block (leaf version and parity, internal key, path) commits
    /// <paramref name="leafHash"/> to the 32-byte output key <paramref name="program"/>.
    /// </summary>
    public static bool VerifyCommitment(ReadOnlySpan<byte> control, ReadOnlySpan<byte> program, ReadOnlySpan<byte> leafHash)
    {
        if (control.Length < ControlBaseSize || program.Length != 32)
        {
            return false;
        }

        var internalKey = control[1..ControlBaseSize];
        if (leafHash.Length != 32 || !Bip340.IsValidXOnlyKey(internalKey))
        {
            return false;
        }

        var merkleRoot = ComputeMerkleRoot(control, leafHash);
        byte[] outputKey;
        bool oddY;
        try
        {
            outputKey = TaprootTweak.ComputeOutputKey(internalKey, merkleRoot, out oddY);
        }
        catch (ArgumentException)
        {
            // A tweak at or above the curve order (never seen in practice) commits to nothing.
            return false;
        }

        return outputKey.AsSpan().SequenceEqual(program) && oddY == ((control[0] & 1) == 1);
    }

    /// <summary>BIP342 OP_SUCCESSx: opcodes that make a tapscript succeed unconditionally.</summary>
    public static bool IsOpSuccess(OpcodeType opcode)
    {
        var code = (int)opcode;
        return code is 80 or 98 or (>= 126 and <= 129) or (>= 131 and <= 134) or (>= 137 and <= 138)
            or (>= 141 and <= 142) or (>= 149 and <= 153) or (>= 187 and <= 254);
    }
}
