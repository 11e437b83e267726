using System.CommandLine;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Commands.Psbt;

/// <summary>
/// <c>tradenode psbt sign BASE64|- (--key WIF | --mnemonic words|- [--passphrase ...] [--path m/...])</c>: signs every
/// input the key can sign and prints the PSBT again in base64. With a mnemonic and no --path, the keys are the ones
/// the PSBT's key origins name under the mnemonic's master fingerprint (a node's GetPsbt puts its key there). Secrets
/// read from stdin stay out of the shell history; they are never printed.
/// </summary>
internal sealed class PsbtSignCommand : Command
{
    private const int MaxStdinChars = 4096;

    private readonly TextReader _input;
    private readonly Argument<string> _psbt = new("psbt") { Description = "The PSBT in base64, or - to read it from stdin (then no secret may come from stdin)." };
    private readonly Option<string> _key = new("--key") { Description = "A private key in WIF, or - to read it from stdin.", HelpName = "wif|-" };
    private readonly Option<string> _mnemonic = new("--mnemonic") { Description = "The BIP39 mnemonic, or - to read it from stdin.", HelpName = "words|-" };
    private readonly Option<string> _passphrase = new("--passphrase") { Description = "The BIP39 passphrase, or - to read it from stdin (after the mnemonic's line when both are -)." };
    private readonly Option<string> _path = new("--path") { Description = "The BIP32 path of the signing key from the master key, e.g. m/84'/1'/1000'/12345 (as Trades.GetPsbt answers).", HelpName = "m/..." };
    private readonly Option<Network> _network = PsbtOptions.Network();

    public PsbtSignCommand(TextReader input)
        : base("sign", "Sign a PSBT's inputs with a WIF key or a mnemonic (and path); prints the signed PSBT in base64.")
    {
        _input = input;
        Arguments.Add(_psbt);
        Options.Add(_key);
        Options.Add(_mnemonic);
        Options.Add(_passphrase);
        Options.Add(_path);
        Options.Add(_network);
        SetAction(Execute);
    }

    private int Execute(ParseResult parseResult)
    {
        var network = parseResult.GetRequiredValue(_network);
        var wif = parseResult.GetValue(_key);
        var mnemonic = parseResult.GetValue(_mnemonic);
        var passphrase = parseResult.GetValue(_passphrase);
        var pathText = parseResult.GetValue(_path);
        if ((wif is null) == (mnemonic is null))
        {
            throw new UsageException("Give exactly one of --key and --mnemonic.");
        }

        if (wif is not null && (passphrase is not null || pathText is not null))
        {
            throw new UsageException("--passphrase and --path go with --mnemonic, not --key.");
        }

        var psbtArgument = parseResult.GetRequiredValue(_psbt);
        if (psbtArgument == "-" && (wif == "-" || mnemonic == "-" || passphrase == "-"))
        {
            throw new UsageException("Only one of the PSBT and the secrets can come from stdin.");
        }

        KeyPath? path = null;
        if (pathText is not null && !KeyPath.TryParse(pathText, out path))
        {
            throw new UsageException($"--path {pathText} is not a BIP32 path like m/84'/1'/1000'/7.");
        }

        var psbt = PsbtInputReader.Read(psbtArgument, _input, network);
        var keys = new List<Key>();
        if (wif is not null)
        {
            var text = wif == "-" ? new MnemonicInput(_input, MaxStdinChars).ReadStdin().Trim() : wif;
            keys.Add(BitcoinSecret.TryCreate(text, network, out var secret) ? secret.PrivateKey : throw new UsageException($"--key is not a WIF private key for {network.Name}."));
        }
        else
        {
            var master = new MnemonicInput(_input, MaxStdinChars).ReadMaster(mnemonic!, passphrase);
            if (path is not null)
            {
                keys.Add(master.Derive(path).PrivateKey);
            }
            else
            {
                keys.AddRange(psbt.Inputs.SelectMany(i => i.HDKeyPaths.Values).Where(o => o.MasterFingerprint == master.Fingerprint)
                    .Select(o => master.Derive(o.KeyPath).PrivateKey));
            }
        }

        var signed = 0;
        foreach (var input in psbt.Inputs)
        {
            var any = false;
            foreach (var key in keys)
            {
                any |= input.Sign(key);
            }

            signed += any ? 1 : 0;
        }

        if (signed == 0)
        {
            throw new UsageException("The key signs none of the PSBT's inputs (wrong key or path, or the inputs are finalized).");
        }

        parseResult.InvocationConfiguration.Output.WriteLine(psbt.ToBase64());
        parseResult.InvocationConfiguration.Error.WriteLine($"Signed {signed} of {psbt.Inputs.Count} inputs.");
        return ExitCodes.Success;
    }
}
