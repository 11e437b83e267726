using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>
/// An address: a scriptPubKey in the text form of one network (Base58Check for P2PKH/P2SH, Bech32/Bech32m for segwit).
/// Two addresses are equal when their text and network are.
/// </summary>
public abstract class BitcoinAddress : IEquatable<BitcoinAddress>
{
    private readonly string _text;

    private protected BitcoinAddress(string text, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _text = text;
        Network = network;
    }

    public Network Network { get; }

    /// <summary>The output script this address pays to.</summary>
    public abstract Script ScriptPubKey { get; }

    /// <summary>
    /// Reads an address for <paramref name="network"/>. Throws <see cref="FormatException"/> with a sentence when the text is
    /// not an address, has a bad checksum, breaks the segwit rules, or belongs to another network.
    /// Testnet, signet and regtest share Base58 prefixes, so a Base58 address is accepted on any of the three.
    /// </summary>
    public static BitcoinAddress Create(string str, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return TryCreate(str, network, out var address, out var error, out _) ? address : throw new FormatException(error);
    }

    public static bool TryCreate(string? str, Network network, [NotNullWhen(true)] out BitcoinAddress? address)
    {
        ArgumentNullException.ThrowIfNull(network);
        return TryCreate(str, network, out address, out _, out _);
    }

    /// <summary>
    /// Reads an address and finds its network from the text: "bc" and mainnet prefixes give <see cref="Network.Main"/>,
    /// "bcrt" gives <see cref="Network.RegTest"/>, and "tb" or the testnet Base58 prefixes give <see cref="Network.TestNet"/>.
    /// Signet uses the same HRP and prefixes as testnet (and regtest shares testnet's Base58 prefixes), so such
    /// strings come back as TestNet; use <see cref="Create"/> with the intended network to tell them apart.
    /// </summary>
    public static BitcoinAddress Parse(string str)
    {
        // A segwit HRP names its network outright; otherwise try mainnet, then the prefix the test networks share.
        var hrp = str is not null && str.LastIndexOf('1') is > 0 and var separator ? str[..separator].ToLowerInvariant() : null;
        var candidates = new[] { Network.Main, Network.TestNet, Network.RegTest }.Where(n => n.Bech32Hrp == hrp).ToList();
        if (candidates.Count == 0)
        {
            candidates = [Network.Main, Network.TestNet];
        }

        string? firstError = null;
        foreach (var network in candidates)
        {
            if (TryCreate(str, network, out var address, out var error, out var wrongNetwork))
            {
                return address;
            }

            if (!wrongNetwork)
            {
                firstError ??= error;
            }
        }

        throw new FormatException(firstError ?? "Not a valid Bitcoin address on any network.");
    }

    public static bool TryParse(string? str, [NotNullWhen(true)] out BitcoinAddress? address)
    {
        address = null;
        if (str is null)
        {
            return false;
        }

        try
        {
            address = Parse(str);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The address of a witness program: the specific type for P2WPKH, P2WSH and P2TR, else a <see cref="BitcoinWitnessAddress"/>.</summary>
    internal static BitcoinAddress FromWitnessProgram(int version, byte[] program, Network network) => (version, program.Length) switch
    {
        (0, 20) => new BitcoinWitPubKeyAddress(program, network),
        (0, 32) => new BitcoinWitScriptAddress(program, network),
        (1, 32) => new TaprootAddress(program, network),
        _ => new BitcoinWitnessAddress(version, program, network),
    };

    internal static string EncodeBase58(byte prefix, ReadOnlySpan<byte> hash) => Encoders.Base58Check.Encode([prefix, .. hash]);

    private static bool TryCreate(string? str, Network network, [NotNullWhen(true)] out BitcoinAddress? address, out string error, out bool wrongNetwork)
    {
        address = null;
        wrongNetwork = false;
        if (string.IsNullOrEmpty(str))
        {
            error = "No address text was given.";
            return false;
        }

        if (str.Any(char.IsWhiteSpace))
        {
            error = "An address may not contain spaces or other whitespace.";
            return false;
        }

        var separator = str.LastIndexOf('1');
        var hrp = separator > 0 ? str[..separator].ToLowerInvariant() : null;
        if (hrp == network.Bech32Hrp)
        {
            if (Encoders.Bech32(network.Bech32Hrp).TryDecode(str, out var version, out var program, out var bech32Error))
            {
                address = FromWitnessProgram(version, program, network);
                error = string.Empty;
                return true;
            }

            error = $"Invalid {network.Name} segwit address: {bech32Error}";
            return false;
        }

        var owners = Network.All.Where(n => n.Bech32Hrp == hrp).Select(n => n.Name).ToList();
        if (owners.Count > 0 && Encoders.Bech32(hrp!).TryDecode(str, out _, out _))
        {
            wrongNetwork = true;
            error = $"The address is a segwit address for {string.Join(" or ", owners)}, not {network.Name}.";
            return false;
        }

        if (!Encoders.Base58Check.TryDecode(str, out var data))
        {
            if (owners.Count > 0)
            {
                error = $"Not a {network.Name} address: its prefix '{hrp}1' is that of {string.Join(" or ", owners)} (expected '{network.Bech32Hrp}1'), and it is not valid there either.";
            }
            else if (hrp is not null && Bech32Encoder.TryDecodeString(str, out _, out _, out _, out _))
            {
                error = $"Not a {network.Name} address: it is Bech32 text with the human-readable part '{hrp}', expected '{network.Bech32Hrp}'.";
            }
            else
            {
                error = $"Not a valid {network.Name} address: it is neither Base58Check (checksum or characters wrong) nor Bech32 with the prefix '{network.Bech32Hrp}1'.";
            }

            return false;
        }

        if (data.Length != 21)
        {
            error = data.Length is 33 or 34 && Network.All.Any(n => n.SecretKeyPrefix == data[0])
                ? "This is a private key (WIF), not an address."
                : $"Not an address: the Base58Check payload is {data.Length} bytes, an address has a version byte and a 20-byte hash.";
            return false;
        }

        if (data[0] == network.PubKeyAddressPrefix)
        {
            address = new BitcoinPubKeyAddress(data.AsSpan(1), network);
        }
        else if (data[0] == network.ScriptAddressPrefix)
        {
            address = new BitcoinScriptAddress(data.AsSpan(1), network);
        }

        if (address is not null)
        {
            error = string.Empty;
            return true;
        }

        var others = Network.All.Where(n => n.PubKeyAddressPrefix == data[0] || n.ScriptAddressPrefix == data[0]).Select(n => n.Name).ToList();
        wrongNetwork = others.Count > 0;
        error = wrongNetwork
            ? $"The address is for {string.Join(", ", others)}, not {network.Name}."
            : $"Not an address: the Base58Check version byte {data[0]} is neither P2PKH nor P2SH on any network.";
        return false;
    }

    public override string ToString() => _text;

    public bool Equals(BitcoinAddress? other) => other is not null && _text == other._text && Network == other.Network;

    public override bool Equals(object? obj) => Equals(obj as BitcoinAddress);

    public override int GetHashCode() => HashCode.Combine(_text, Network);

    public static bool operator ==(BitcoinAddress? a, BitcoinAddress? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(BitcoinAddress? a, BitcoinAddress? b) => !(a == b);
}
