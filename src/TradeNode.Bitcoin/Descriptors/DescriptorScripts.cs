using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>The scripts descriptors produce, built by the Scripting templates.</summary>
internal static class DescriptorScripts
{
    public static Script PayToPubKey(PubKey pubKey) => PayToPubkeyTemplate.Instance.GenerateScriptPubKey(pubKey);

    public static Script PayToPubKeyHash(PubKey pubKey) => PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(pubKey);

    public static Script PayToWitPubKeyHash(PubKey pubKey) => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(pubKey);

    public static Script PayToScriptHash(Script redeem) => PayToScriptHashTemplate.Instance.GenerateScriptPubKey(redeem);

    public static Script PayToWitScriptHash(Script witness) => PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(witness);

    /// <summary>
    /// multi/sortedmulti. The template covers up to 16 keys and sorts compressed keys only; BIP383 also allows 17 to 20
    /// keys inside wsh() and sorts uncompressed keys by their serialized bytes, so those two cases are built here.
    /// </summary>
    public static Script MultiSig(int threshold, bool sort, PubKey[] keys)
    {
        var templateCan = keys.Length <= PayToMultiSigTemplate.MaxKeys && (!sort || keys.All(k => k.IsCompressed));
        if (templateCan)
        {
            return PayToMultiSigTemplate.Instance.GenerateScriptPubKey(threshold, sort, keys);
        }

        var ordered = sort ? keys.OrderBy(k => k.ToBytes(), ByteOrder.Instance).ToArray() : keys;
        var ops = new List<Op>(keys.Length + 3) { Op.GetPushOp(threshold) };
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
