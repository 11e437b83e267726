using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>A P2SH address: Base58Check of the network's script prefix and the 20-byte script hash.</summary>
public sealed class BitcoinScriptAddress : BitcoinAddress
{
    private readonly byte[] _hash;

    public BitcoinScriptAddress(ReadOnlySpan<byte> scriptHash, Network network)
        : base(EncodeBase58(network?.ScriptAddressPrefix ?? 0, CheckHash(scriptHash)), network!)
    {
        _hash = scriptHash.ToArray();
    }

    /// <summary>The 20-byte HASH160 of the redeem script.</summary>
    public byte[] Hash => (byte[])_hash.Clone();

    public override Script ScriptPubKey => PayToScriptHashTemplate.Instance.GenerateScriptPubKey(_hash);

    private static ReadOnlySpan<byte> CheckHash(ReadOnlySpan<byte> hash) => hash.Length == 20
        ? hash
        : throw new ArgumentException($"A P2SH address holds a 20-byte script hash, not {hash.Length} bytes.", nameof(hash));
}
