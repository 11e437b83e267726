using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>A P2WPKH address: Bech32 of witness version 0 and the 20-byte key hash.</summary>
public sealed class BitcoinWitPubKeyAddress : BitcoinAddress
{
    private readonly byte[] _hash;

    public BitcoinWitPubKeyAddress(ReadOnlySpan<byte> pubKeyHash, Network network)
        : base(Encoders.Bech32(network?.Bech32Hrp ?? "bc").Encode(0, CheckHash(pubKeyHash)), network!)
    {
        _hash = pubKeyHash.ToArray();
    }

    /// <summary>The 20-byte HASH160 of the compressed public key.</summary>
    public byte[] Hash => (byte[])_hash.Clone();

    public override Script ScriptPubKey => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(_hash);

    private static ReadOnlySpan<byte> CheckHash(ReadOnlySpan<byte> hash) => hash.Length == 20
        ? hash
        : throw new ArgumentException($"A P2WPKH address holds a 20-byte key hash, not {hash.Length} bytes.", nameof(hash));
}
