using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>A P2WSH address: Bech32 of witness version 0 and the 32-byte SHA256 of the witness script.</summary>
public sealed class BitcoinWitScriptAddress : BitcoinAddress
{
    private readonly byte[] _hash;

    public BitcoinWitScriptAddress(ReadOnlySpan<byte> scriptHash, Network network)
        : base(Encoders.Bech32(network?.Bech32Hrp ?? "bc").Encode(0, CheckHash(scriptHash)), network!)
    {
        _hash = scriptHash.ToArray();
    }

    /// <summary>The 32-byte SHA256 of the witness script.</summary>
    public byte[] Hash => (byte[])_hash.Clone();

    public override Script ScriptPubKey => PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(_hash);

    private static ReadOnlySpan<byte> CheckHash(ReadOnlySpan<byte> hash) => hash.Length == 32
        ? hash
        : throw new ArgumentException($"A P2WSH address holds a 32-byte script hash, not {hash.Length} bytes.", nameof(hash));
}
