using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Bip39;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Descriptors;
using TradeNode.Bitcoin.Psbt;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Fuzzing;

/// <summary>Every parser meets random and mutated input with a FormatException (or success), nothing else, and never hangs.</summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 10_000;

    [Fact]
    public void Transaction_parser_only_throws_format_errors()
    {
        var seeds = VectorFile.ReadCoreRows("bitcoin-core/tx_valid.json")
            .Select(row => Convert.FromHexString(row[1].GetString()!))
            .ToList();

        var report = ParserFuzzer.FuzzBytes(bytes => Transaction.FromBytes(bytes), seeds, Iterations);

        AssertClean("Transaction.FromBytes", report);
        Assert.True(report.Accepted > 0 && report.Rejected > 0, report.ToString());
    }

    [Fact]
    public void Script_asm_parser_and_op_reader_only_throw_format_errors()
    {
        var asm = VectorFile.ReadCoreRows("bitcoin-core/script_tests.json")
            .Where(row => row.GetArrayLength() >= 4)
            .SelectMany(row => row[0].ValueKind == System.Text.Json.JsonValueKind.Array ? new[] { row[1], row[2] } : new[] { row[0], row[1] })
            .Select(e => e.GetString()!)
            .ToList();

        var textReport = ParserFuzzer.FuzzText(text => Script.Parse(text), asm, Iterations);
        var bytesReport = ParserFuzzer.FuzzBytes(
            bytes => new Script(bytes).ToOps(),
            asm.Take(200).Select(a => Script.TryParse(a, out var s) ? s.ToBytes() : []).ToList(),
            Iterations);

        AssertClean("Script.Parse", textReport);
        AssertClean("Script.ToOps", bytesReport);
    }

    [Fact]
    public void Extended_key_and_key_path_parsers_only_throw_format_errors()
    {
        var vectors = VectorFile.ReadJson("bips/bip32_vectors.json");
        var keys = vectors.GetProperty("valid").EnumerateArray()
            .SelectMany(v => v.GetProperty("chains").EnumerateArray())
            .SelectMany(c => new[] { c.GetProperty("ext_prv").GetString()!, c.GetProperty("ext_pub").GetString()! })
            .ToList();
        var paths = new[] { "m/84'/0'/0'/0/5", "m/48h/1h/0h/2h", "0/1/2/3", "d34db33f/84'/0'/0'" };

        AssertClean("ExtKey.Parse", ParserFuzzer.FuzzText(text => ExtKey.Parse(text), keys, Iterations));
        AssertClean("ExtPubKey.Parse", ParserFuzzer.FuzzText(text => ExtPubKey.Parse(text), keys, Iterations));
        AssertClean("KeyPath.Parse", ParserFuzzer.FuzzText(text => KeyPath.Parse(text), paths, Iterations));
        AssertClean("RootedKeyPath.Parse", ParserFuzzer.FuzzText(text => RootedKeyPath.Parse(text), paths, Iterations));
    }

    [Fact]
    public void Encoding_and_value_parsers_only_throw_format_errors()
    {
        string[] base58 = ["1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i", "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"];
        string[] hashes = ["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"];
        string[] amounts = ["0.00000001", "21000000", "1.5"];
        var signatures = VectorFile.ReadJson("bips/bip143_vectors.json").GetProperty("examples").EnumerateArray()
            .SelectMany(e => e.GetProperty("sighashes").EnumerateArray())
            .Where(s => s.TryGetProperty("signature", out _))
            .Select(s => Convert.FromHexString(s.GetProperty("signature").GetString()!)[..^1])
            .ToList();

        AssertClean("Base58Check", ParserFuzzer.FuzzText(text => Encoders.Base58Check.Decode(text), base58, Iterations));
        AssertClean("Hex", ParserFuzzer.FuzzText(text => Encoders.Hex.Decode(text), hashes, Iterations));
        AssertClean("UInt256.Parse", ParserFuzzer.FuzzText(text => UInt256.Parse(text), hashes, Iterations));
        AssertClean("Money.Parse", ParserFuzzer.FuzzText(text => Money.Parse(text), amounts, Iterations));
        AssertClean("ECDSASignature.FromDER", ParserFuzzer.FuzzBytes(bytes => ECDSASignature.FromDER(bytes), signatures, Iterations));
        AssertClean("PubKey", ParserFuzzer.FuzzText(text => PubKey.Parse(text), ["025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357"], Iterations));
    }

    [Fact]
    public void Psbt_address_wif_mnemonic_and_descriptor_parsers_only_throw_format_errors()
    {
        var psbts = VectorFile.ReadJson("bips/bip174_psbt_vectors.json").GetProperty("valid").EnumerateArray()
            .Select(v => Convert.FromBase64String(v.GetProperty("base64").GetString()!))
            .ToList();
        var keyIo = VectorFile.ReadCoreRows("bitcoin-core/key_io_valid.json").ToList();
        var addresses = keyIo.Where(row => !row[2].GetProperty("isPrivkey").GetBoolean()).Select(row => row[0].GetString()!).ToList();
        var wifs = keyIo.Where(row => row[2].GetProperty("isPrivkey").GetBoolean()).Select(row => row[0].GetString()!).ToList();
        var mnemonics = VectorFile.ReadJson("python-mnemonic/vectors.json").GetProperty("english").EnumerateArray()
            .Select(v => v[1].GetString()!)
            .ToList();
        string[] descriptors =
        [
            "wsh(sortedmulti(2,03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7,03774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb,03d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a))",
            "pkh([d34db33f/44'/0'/0']xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL/1/*)",
            "wpkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)",
        ];

        AssertClean("PSBT.Load", ParserFuzzer.FuzzBytes(bytes => PSBT.Load(bytes, Network.Main), psbts, Iterations));
        AssertClean("BitcoinAddress.Parse", ParserFuzzer.FuzzText(text => BitcoinAddress.Parse(text), addresses, Iterations));
        AssertClean("Key.Parse (WIF)", ParserFuzzer.FuzzText(text => Key.Parse(text, Network.Main), wifs, Iterations));
        AssertClean("Mnemonic.Parse", ParserFuzzer.FuzzText(text => Mnemonic.Parse(text), mnemonics, Iterations));
        AssertClean("OutputDescriptor.Parse", ParserFuzzer.FuzzText(text => OutputDescriptor.Parse(text, Network.Main), descriptors, Iterations));
    }

    private void AssertClean(string parser, FuzzReport report)
    {
        output.WriteLine($"{parser}: {report}");
        Assert.True(report.Failures.Count == 0, $"{parser}: {string.Join(Environment.NewLine, report.Failures.Take(10))}");
        Assert.True(report.Total > Iterations, $"{parser}: only {report.Total} inputs ran");
    }
}
