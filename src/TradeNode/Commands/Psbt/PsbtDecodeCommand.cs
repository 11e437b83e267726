using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using PSBT = TradeNode.Bitcoin.Psbt.PSBT;

namespace TradeNode.Commands.Psbt;

/// <summary>
/// <c>tradenode psbt decode BASE64|-</c>: what a PSBT spends and pays (addresses and amounts), its fee when every
/// input's amount is known, and which keys have signed each input, with the key origins it names.
/// </summary>
internal sealed class PsbtDecodeCommand : Command
{
    private readonly TextReader _input;
    private readonly Argument<string> _psbt = new("psbt") { Description = "The PSBT in base64, or - to read it from stdin." };
    private readonly Option<Network> _network = PsbtOptions.Network();
    private readonly Option<bool> _json = new("--json") { Description = "Print JSON." };

    public PsbtDecodeCommand(TextReader input)
        : base("decode", "Show a PSBT's inputs, outputs (addresses and amounts), fee and the keys that have signed.")
    {
        _input = input;
        Arguments.Add(_psbt);
        Options.Add(_network);
        Options.Add(_json);
        SetAction(Execute);
    }

    private int Execute(ParseResult parseResult)
    {
        var network = parseResult.GetRequiredValue(_network);
        var psbt = PsbtInputReader.Read(parseResult.GetRequiredValue(_psbt), _input, network);
        var output = parseResult.InvocationConfiguration.Output;
        var tx = psbt.GetGlobalTransaction();
        long? fee = psbt.Inputs.All(i => i.GetTxOut() is not null)
            ? psbt.Inputs.Sum(i => i.GetTxOut()!.Value.Satoshi) - tx.Outputs.Sum(o => o.Value.Satoshi)
            : null;
        if (parseResult.GetValue(_json))
        {
            WriteJson(output, psbt, network, fee);
            return ExitCodes.Success;
        }

        output.WriteLine($"Transaction {tx.GetHash()} ({psbt.Inputs.Count} inputs, {tx.Outputs.Count} outputs)");
        foreach (var input in psbt.Inputs)
        {
            var spent = input.GetTxOut();
            var what = spent is null ? "amount unknown" : $"{spent.Value.Satoshi} sats from {Address(spent.ScriptPubKey, network)}";
            output.WriteLine($"  input {input.Index}: {input.PrevOut} {what}{(input.IsFinalized() ? ", finalized" : string.Empty)}");
            foreach (var key in input.PartialSigs.Keys)
            {
                output.WriteLine($"    signed by {key.ToHex()}");
            }

            foreach (var (key, origin) in input.HDKeyPaths)
            {
                output.WriteLine($"    key {key.ToHex()} at [{origin.MasterFingerprint}] {origin.KeyPath.ToStringWithRoot()}{(input.PartialSigs.ContainsKey(key) ? " (signed)" : string.Empty)}");
            }
        }

        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            output.WriteLine($"  output {i}: {tx.Outputs[i].Value.Satoshi} sats to {Address(tx.Outputs[i].ScriptPubKey, network)}");
        }

        output.WriteLine(fee is { } known ? $"  fee: {known} sats" : "  fee: unknown (an input's amount is missing)");
        return ExitCodes.Success;
    }

    private static string Address(Script script, Network network) => script.GetDestinationAddress(network)?.ToString() ?? script.ToHex();

    private static void WriteJson(TextWriter output, PSBT psbt, Network network, long? fee)
    {
        var tx = psbt.GetGlobalTransaction();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("txid", tx.GetHash().ToString());
            json.WriteStartArray("inputs");
            foreach (var input in psbt.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("prevout", input.PrevOut.ToString());
                if (input.GetTxOut() is { } spent)
                {
                    json.WriteNumber("amountSats", spent.Value.Satoshi);
                    json.WriteString("address", Address(spent.ScriptPubKey, network));
                }

                json.WriteBoolean("finalized", input.IsFinalized());
                json.WriteStartArray("signedBy");
                foreach (var key in input.PartialSigs.Keys)
                {
                    json.WriteStringValue(key.ToHex());
                }

                json.WriteEndArray();
                json.WriteStartArray("keyOrigins");
                foreach (var (key, origin) in input.HDKeyPaths)
                {
                    json.WriteStartObject();
                    json.WriteString("pubkey", key.ToHex());
                    json.WriteString("fingerprint", origin.MasterFingerprint.ToString());
                    json.WriteString("path", origin.KeyPath.ToStringWithRoot());
                    json.WriteBoolean("signed", input.PartialSigs.ContainsKey(key));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var output1 in tx.Outputs)
            {
                json.WriteStartObject();
                json.WriteString("address", Address(output1.ScriptPubKey, network));
                json.WriteNumber("amountSats", output1.Value.Satoshi);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (fee is { } known)
            {
                json.WriteNumber("feeSats", known);
            }
            else
            {
                json.WriteNull("feeSats");
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
