using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>TEMPORARY script builders until the addresses branch's Scripting templates are merged; then they call those.</summary>
internal static class DescriptorScripts
{
    public static Script PayToPubKey(PubKey pubKey) =>
        new(Op.GetPushOp(pubKey.Span), Op.FromCode(OpcodeType.OP_CHECKSIG));

    public static Script PayToPubKeyHash(PubKey pubKey) =>
        new(Op.FromCode(OpcodeType.OP_DUP), Op.FromCode(OpcodeType.OP_HASH160), Op.GetPushOp(pubKey.Hash160), Op.FromCode(OpcodeType.OP_EQUALVERIFY), Op.FromCode(OpcodeType.OP_CHECKSIG));

    public static Script PayToWitPubKeyHash(PubKey pubKey) =>
        new(Op.FromCode(OpcodeType.OP_0), Op.GetPushOp(pubKey.Hash160));

    public static Script PayToScriptHash(Script redeem) =>
        new(Op.FromCode(OpcodeType.OP_HASH160), Op.GetPushOp(redeem.Hash160), Op.FromCode(OpcodeType.OP_EQUAL));

    public static Script PayToWitScriptHash(Script witness) =>
        new(Op.FromCode(OpcodeType.OP_0), Op.GetPushOp(witness.WitnessHash));

    public static Script MultiSig(int threshold, bool sort, PubKey[] keys)
    {
        var ordered = sort ? keys.OrderBy(k => k.ToBytes(), ByteOrder.Instance).ToArray() : keys;
        var ops = new List<Op> { Op.GetPushOp(threshold) };
        ops.AddRange(ordered.Select(k => Op.GetPushOp(k.Span)));
        ops.Add(Op.GetPushOp(keys.Length));
        ops.Add(Op.FromCode(OpcodeType.OP_CHECKMULTISIG));
        return new Script(ops);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
