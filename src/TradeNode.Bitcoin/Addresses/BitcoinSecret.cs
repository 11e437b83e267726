using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>
/// A private key in Wallet Import Format for one network: Base58Check of the secret-key prefix, the 32-byte secret and,
/// for a compressed key, a 0x01 byte. <see cref="ToString"/> prints the secret, so never log it.
/// </summary>
public sealed class BitcoinSecret : IEquatable<BitcoinSecret>
{
    private readonly string _wif;

    public BitcoinSecret(Key key, Network network)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(network);
        PrivateKey = key;
        Network = network;
        var secret = key.ToBytes();
        _wif = Encoders.Base58Check.Encode(key.IsCompressed ? [network.SecretKeyPrefix, .. secret, 0x01] : [network.SecretKeyPrefix, .. secret]);
    }

    public Key PrivateKey { get; }

    public Network Network { get; }

    public PubKey PubKey => PrivateKey.PubKey;

    public bool IsCompressed => PrivateKey.IsCompressed;

    /// <summary>
    /// Reads a WIF key for <paramref name="network"/>; throws <see cref="FormatException"/> with a sentence when the text is
    /// not WIF, the checksum or compression flag is wrong, the number is not a valid secret, or the key is for another network.
    /// Testnet, signet and regtest share the secret-key prefix, so their keys are accepted on all three.
    /// </summary>
    public static BitcoinSecret Create(string wif, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return TryCreate(wif, network, out var secret, out var error, out _) ? secret : throw new FormatException(error);
    }

    public static bool TryCreate(string? wif, Network network, [NotNullWhen(true)] out BitcoinSecret? secret)
    {
        ArgumentNullException.ThrowIfNull(network);
        return TryCreate(wif, network, out secret, out _, out _);
    }

    /// <summary>
    /// Reads a WIF key and finds its network from the prefix: mainnet, or <see cref="Network.TestNet"/> for the prefix that
    /// testnet, signet and regtest share.
    /// </summary>
    public static BitcoinSecret Parse(string wif)
    {
        if (TryCreate(wif, Network.Main, out var secret, out var error, out var wrongNetwork))
        {
            return secret;
        }

        return wrongNetwork ? Create(wif, Network.TestNet) : throw new FormatException(error);
    }

    public static bool TryParse(string? wif, [NotNullWhen(true)] out BitcoinSecret? secret) =>
        TryCreate(wif, Network.Main, out secret) || TryCreate(wif, Network.TestNet, out secret);

    /// <summary>The address of this key's output of <paramref name="type"/> on <see cref="Network"/>.</summary>
    public BitcoinAddress GetAddress(ScriptPubKeyType type) => PubKey.GetAddress(type, Network);

    /// <summary>The WIF text (this is the secret itself).</summary>
    public override string ToString() => _wif;

    public bool Equals(BitcoinSecret? other) => other is not null && PrivateKey.Equals(other.PrivateKey) && Network == other.Network;

    public override bool Equals(object? obj) => Equals(obj as BitcoinSecret);

    public override int GetHashCode() => HashCode.Combine(PrivateKey, Network);

    private static bool TryCreate(string? wif, Network network, [NotNullWhen(true)] out BitcoinSecret? secret, out string error, out bool wrongNetwork)
    {
        secret = null;
        wrongNetwork = false;
        if (string.IsNullOrEmpty(wif))
        {
            error = "No WIF private key text was given.";
            return false;
        }

        if (wif.Any(char.IsWhiteSpace))
        {
            error = "A WIF private key may not contain spaces or other whitespace.";
            return false;
        }

        if (!Encoders.Base58Check.TryDecode(wif, out var data))
        {
            error = "Invalid WIF private key: the text is not Base58Check (a character or the checksum is wrong).";
            return false;
        }

        if (data.Length is not (33 or 34))
        {
            error = $"Not a WIF private key: the Base58Check payload is {data.Length} bytes, a WIF key has 33 (uncompressed) or 34 (compressed).";
            return false;
        }

        if (data.Length == 34 && data[33] != 0x01)
        {
            error = $"Invalid WIF private key: the compression flag byte is 0x{data[33]:x2}, it must be 0x01.";
            return false;
        }

        if (data[0] != network.SecretKeyPrefix)
        {
            var owners = Network.All.Where(n => n.SecretKeyPrefix == data[0]).Select(n => n.Name).ToList();
            wrongNetwork = owners.Count > 0;
            error = wrongNetwork
                ? $"The private key is for {string.Join(", ", owners)}, not {network.Name}."
                : $"Not a WIF private key: the version byte {data[0]} is no network's secret-key prefix.";
            return false;
        }

        var key = data.AsSpan(1, 32);
        if (!Key.IsValidSecret(key))
        {
            error = "Invalid WIF private key: the secret is zero or not below the secp256k1 group order.";
            return false;
        }

        secret = new BitcoinSecret(new Key(key, compressed: data.Length == 34), network);
        error = string.Empty;
        return true;
    }
}
