using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Bip39;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode address derive --mnemonic "words" ...</c>: BIP84 (P2WPKH) paths, public keys and addresses of a
/// mnemonic. <c>--mnemonic -</c> reads the words from stdin so they stay out of the shell history and process list.
/// </summary>
public sealed class DeriveAddressCommand : Command
{
    /// <summary>Most addresses one call prints.</summary>
    public const int MaxCount = 10_000;

    private const int MaxStdinChars = 4096;

    private readonly TextReader _input;

    private readonly Option<string> _mnemonic = new("--mnemonic")
    {
        Description = "The BIP39 mnemonic in quotes, or - to read it from stdin.",
        HelpName = "words|-",
        Required = true,
    };

    private readonly Option<string> _passphrase = new("--passphrase")
    {
        Description = "The BIP39 passphrase (the \"25th word\"), or - to read it from stdin (after the mnemonic's line when both are -); none by default.",
    };

    private readonly Option<Network> _network = new("--network")
    {
        Description = "Network of the addresses.",
        HelpName = "mainnet|testnet|signet|regtest",
        DefaultValueFactory = _ => Network.RegTest,
        CustomParser = OptionParsers.ParseNetwork,
    };

    private readonly Option<int> _account = new("--account")
    {
        Description = "BIP84 account number.",
        DefaultValueFactory = _ => 0,
        CustomParser = result => OptionParsers.ParseInt(result, "--account", 0, int.MaxValue),
    };

    private readonly Option<bool> _change = new("--change")
    {
        Description = "Derive change addresses (…/1/i) instead of receiving addresses (…/0/i).",
    };

    private readonly Option<int> _index = new("--index")
    {
        Description = "First address index.",
        DefaultValueFactory = _ => 0,
        CustomParser = result => OptionParsers.ParseInt(result, "--index", 0, int.MaxValue),
    };

    private readonly Option<int> _count = new("--count")
    {
        Description = $"How many consecutive addresses (1 to {MaxCount}).",
        DefaultValueFactory = _ => 1,
        CustomParser = result => OptionParsers.ParseInt(result, "--count", 1, MaxCount),
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print a JSON array instead of one tab-separated line per address.",
    };

    public DeriveAddressCommand(TextReader input)
        : base("derive", "Print BIP84 native segwit (P2WPKH) addresses of a mnemonic: path, public key, address.")
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        Options.Add(_mnemonic);
        Options.Add(_passphrase);
        Options.Add(_network);
        Options.Add(_account);
        Options.Add(_change);
        Options.Add(_index);
        Options.Add(_count);
        Options.Add(_json);
        SetAction(Execute);
    }

    private int Execute(ParseResult parseResult)
    {
        var network = parseResult.GetRequiredValue(_network);
        var account = parseResult.GetValue(_account);
        var change = parseResult.GetValue(_change);
        var first = parseResult.GetValue(_index);
        var count = parseResult.GetValue(_count);
        if ((long)first + count - 1 > int.MaxValue)
        {
            throw new UsageException($"--index plus --count goes past the last non-hardened index, {int.MaxValue}.");
        }

        var master = new MnemonicInput(_input, MaxStdinChars).ReadMaster(parseResult.GetRequiredValue(_mnemonic), parseResult.GetValue(_passphrase));

        // Hardened steps need the private key; the addresses below the change level need only the public key.
        var changePath = KeyPaths.Bip84Account(network, account).Derive(change ? 1u : 0u);
        var changeKey = master.Derive(changePath).Neuter();
        var rows = new List<DerivedAddress>(count);
        for (var i = 0; i < count; i++)
        {
            var index = first + i;
            var pubKey = changeKey.Derive((uint)index).PubKey;
            rows.Add(new DerivedAddress(
                KeyPaths.Bip84(network, account, change, index), index, pubKey, pubKey.GetAddress(ScriptPubKeyType.Segwit, network)));
        }

        // Everything is computed before anything is printed: a failure leaves stdout empty.
        var output = parseResult.InvocationConfiguration.Output;
        if (parseResult.GetValue(_json))
        {
            WriteJson(output, network, rows);
        }
        else
        {
            foreach (var row in rows)
            {
                output.WriteLine(string.Join('\t', row.Columns()));
            }
        }

        return ExitCodes.Success;
    }

    private static void WriteJson(TextWriter output, Network network, IReadOnlyList<DerivedAddress> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("network", network.Name);
                json.WriteString("path", row.Path.ToStringWithRoot());
                json.WriteNumber("index", row.Index);
                json.WriteString("pubkey", row.PubKey.ToHex());
                json.WriteString("address", row.Address.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
