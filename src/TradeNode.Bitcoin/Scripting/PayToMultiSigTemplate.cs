namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Bare multisig: OP_m &lt;key 1&gt; ... &lt;key n&gt; OP_n OP_CHECKMULTISIG with 1 &lt;= m &lt;= n &lt;= 16
/// (the limit Core's standard rules and the small-number opcodes share). Used directly or inside P2SH/P2WSH.
/// </summary>
public sealed class PayToMultiSigTemplate
{
    public const int MaxKeys = 16;

    private PayToMultiSigTemplate()
    {
    }

    public static PayToMultiSigTemplate Instance { get; } = new();

    /// <summary>The script with the keys in the order given.</summary>
    public Script GenerateScriptPubKey(int sigCount, params PubKey[] keys) => GenerateScriptPubKey(sigCount, false, keys);

    /// <summary>
    /// The script; with <paramref name="sort"/> the keys are put in BIP67 order (lexicographic order of their
    /// compressed encodings), which BIP67 defines for compressed keys only.
    /// </summary>
    public Script GenerateScriptPubKey(int sigCount, bool sort, params PubKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length is 0 or > MaxKeys)
        {
            throw new ArgumentException($"A multisig script holds 1 to {MaxKeys} public keys, not {keys.Length}.", nameof(keys));
        }

        if (sigCount < 1 || sigCount > keys.Length)
        {
            throw new ArgumentException($"A multisig script needs 1 to {keys.Length} signatures (the number of keys), not {sigCount}.", nameof(sigCount));
        }

        if (keys.Any(k => k is null))
        {
            throw new ArgumentException("A multisig key list may not contain null.", nameof(keys));
        }

        var ordered = keys;
        if (sort)
        {
            if (keys.Any(k => !k.IsCompressed))
            {
                throw new ArgumentException("BIP67 sorting is defined for compressed public keys only.", nameof(keys));
            }

            ordered = [.. keys.OrderBy(k => k.ToBytes(), ByteArrayComparer.Instance)];
        }

        var ops = new List<Op>(keys.Length + 3) { Op.GetPushOp(sigCount) };
        ops.AddRange(ordered.Select(k => Op.GetPushOp(k.Span)));
        ops.Add(Op.GetPushOp(keys.Length));
        ops.Add(Op.FromCode(OpcodeType.OP_CHECKMULTISIG));
        return new Script(ops);
    }

    public bool CheckScriptPubKey(Script scriptPubKey) => ExtractScriptPubKeyParameters(scriptPubKey) is not null;

    /// <summary>The signature count and keys, or null when the script is not a well-formed multisig of valid keys.</summary>
    public PayToMultiSigTemplateParameters? ExtractScriptPubKeyParameters(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        if (!scriptPubKey.TryGetOps(out var ops) || ops.Count < 4 || ops[^1].Code != OpcodeType.OP_CHECKMULTISIG)
        {
            return null;
        }

        var m = SmallPositive(ops[0]);
        var n = SmallPositive(ops[^2]);
        if (m is null || n is null || m > n || n != ops.Count - 3)
        {
            return null;
        }

        var keys = new List<PubKey>(n.Value);
        for (var i = 1; i <= n; i++)
        {
            if (ops[i].Code is OpcodeType.OP_0 or > OpcodeType.OP_PUSHDATA4 || !PubKey.TryCreate(ops[i].PushData, out var key))
            {
                return null;
            }

            keys.Add(key);
        }

        return new PayToMultiSigTemplateParameters(m.Value, keys);
    }

    private static int? SmallPositive(Op op) => op.Code is >= OpcodeType.OP_1 and <= OpcodeType.OP_16 ? op.GetSmallInt() : null;

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static ByteArrayComparer Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
