using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>
/// The few script shapes the PSBT signer and finalizer recognise. Temporary: replaced by the Scripting templates
/// once they are merged.
/// </summary>
internal static class PSBTScripts
{
    public static Script PayToPubKeyHash(ReadOnlySpan<byte> hash) =>
        new(Op.FromCode(OpcodeType.OP_DUP), Op.FromCode(OpcodeType.OP_HASH160), Op.GetPushOp(hash), Op.FromCode(OpcodeType.OP_EQUALVERIFY), Op.FromCode(OpcodeType.OP_CHECKSIG));

    public static bool IsPayToPubKeyHash(Script script, out byte[] hash)
    {
        var s = script.Span;
        var matches = s.Length == 25 && s[0] == (byte)OpcodeType.OP_DUP && s[1] == (byte)OpcodeType.OP_HASH160 && s[2] == 20
            && s[23] == (byte)OpcodeType.OP_EQUALVERIFY && s[24] == (byte)OpcodeType.OP_CHECKSIG;
        hash = matches ? s.Slice(3, 20).ToArray() : [];
        return matches;
    }

    /// <summary>m &lt;key&gt;... n OP_CHECKMULTISIG with valid public keys.</summary>
    public static bool TryParseMultisig(Script script, out int required, out PubKey[] keys)
    {
        required = 0;
        keys = [];
        if (!script.TryGetOps(out var ops) || ops.Count < 4 || ops[^1].Code != OpcodeType.OP_CHECKMULTISIG)
        {
            return false;
        }

        var m = ops[0].GetSmallInt();
        var n = ops[^2].GetSmallInt();
        if (m is not > 0 || n is not > 0 || m > n || ops.Count != n + 3)
        {
            return false;
        }

        var list = new List<PubKey>();
        foreach (var op in ops.Skip(1).Take(n.Value))
        {
            if (op.PushData is null || !PubKey.TryCreate(op.PushData, out var key))
            {
                return false;
            }

            list.Add(key);
        }

        required = m.Value;
        keys = [.. list];
        return true;
    }

    /// <summary>True when the script pushes the public key's bytes somewhere (the key takes part in it).</summary>
    public static bool PushesPubKey(Script script, PubKey pubKey) =>
        script.TryGetOps(out var ops) && ops.Any(op => op.PushData is { } data && data.AsSpan().SequenceEqual(pubKey.Span));
}
