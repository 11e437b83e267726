using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>A P2PKH address: Base58Check of the network's pubkey prefix and the 20-byte key hash.</summary>
public sealed class BitcoinPubKeyAddress : BitcoinAddress
{
    private readonly byte[] _hash;

    public BitcoinPubKeyAddress(ReadOnlySpan<byte> pubKeyHash, Network network)
        : base(EncodeBase58(network?.PubKeyAddressPrefix ?? 0, CheckHash(pubKeyHash)), network!)
    {
        _hash = pubKeyHash.ToArray();
    }

    /// <summary>The 20-byte HASH160 of the public key.</summary>
    public byte[] Hash => (byte[])_hash.Clone();

    public override Script ScriptPubKey => PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(_hash);

    private static ReadOnlySpan<byte> CheckHash(ReadOnlySpan<byte> hash) => hash.Length == 20
        ? hash
        : throw new ArgumentException($"A P2PKH address holds a 20-byte key hash, not {hash.Length} bytes.", nameof(hash));
}
