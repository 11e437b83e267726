using System.Text.Json;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Transactions;

public class SignatureHashTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_legacy_sighash_vector_of_bitcoin_core_matches()
    {
        // Rows: [raw_tx_hex, script_hex, input_index, hashType, sighash (display order)]; the first row is a header.
        var rows = VectorFile.ReadCoreRows("bitcoin-core/sighash.json").Where(r => r.GetArrayLength() == 5).ToList();
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var tx = Transaction.Parse(row[0].GetString()!);
            var script = Script.FromHex(row[1].GetString()!);
            var index = row[2].GetInt32();
            var hashType = unchecked((uint)row[3].GetInt32());
            var expected = row[4].GetString()!;

            var actual = tx.GetSignatureHash(script, index, hashType, Money.Zero, HashVersion.Original);

            if (actual.ToString() != expected)
            {
                failures.Add($"{row}: got {actual}");
            }
        }

        output.WriteLine($"sighash.json: {rows.Count} cases, {failures.Count} failures");
        Assert.Equal(500, rows.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_bip143_sighash_matches_and_every_listed_signature_verifies()
    {
        var vectors = VectorFile.ReadJson("bips/bip143_vectors.json");
        var count = 0;
        var verified = 0;
        foreach (var example in vectors.GetProperty("examples").EnumerateArray())
        {
            // The last example gives only the signed transaction: its witness script is the last witness item.
            var tx = Transaction.Parse((example.TryGetProperty("unsigned_tx", out var unsigned) ? unsigned : example.GetProperty("signed_tx")).GetString()!);
            foreach (var sighash in example.GetProperty("sighashes").EnumerateArray())
            {
                var index = sighash.GetProperty("input_index").GetInt32();
                var scriptCode = sighash.TryGetProperty("scriptCode", out var code)
                    ? new Script(new BitcoinReader(Convert.FromHexString(code.GetString()!)).ReadVarBytes())
                    : new Script(tx.Inputs[index].WitScript.Pushes[^1]);
                var amount = sighash.TryGetProperty("amount_le_hex", out var amountHex)
                    ? Money.Satoshis(BitConverter.ToInt64(Convert.FromHexString(amountHex.GetString()!)))
                    : AmountFromPreimage(Convert.FromHexString(sighash.GetProperty("preimage").GetString()!), scriptCode);
                var hashTypeElement = sighash.GetProperty("hash_type");
                var hashType = hashTypeElement.ValueKind == JsonValueKind.Number
                    ? hashTypeElement.GetUInt32()
                    : Convert.ToUInt32(hashTypeElement.GetString()!, 16);

                var actual = tx.GetSignatureHash(scriptCode, index, hashType, amount, HashVersion.WitnessV0);

                Assert.Equal(sighash.GetProperty("sighash").GetString(), Convert.ToHexStringLower(actual.Span));
                if (sighash.TryGetProperty("public_key", out var publicKey) && sighash.TryGetProperty("signature", out var signature))
                {
                    var der = Convert.FromHexString(signature.GetString()!);
                    Assert.True(ECDSASignature.TryParseLax(der.AsSpan(0, der.Length - 1), out var parsed));
                    Assert.True(PubKey.Parse(publicKey.GetString()!).Verify(actual, parsed));
                    verified++;
                }
                count++;
            }
        }

        output.WriteLine($"bip143_vectors.json: {count} sighashes, {verified} signatures verified");
        Assert.Equal(14, count);
        Assert.True(verified >= 10, $"only {verified} signatures had a public key to check");
    }

    /// <summary>BIP143 preimage: version(4) hashPrevouts(32) hashSequence(32) outpoint(36) scriptCode amount(8) ...</summary>
    private static Money AmountFromPreimage(byte[] preimage, Script scriptCode)
    {
        var offset = 4 + 32 + 32 + 36 + BitcoinWriter.CompactSizeLength((ulong)scriptCode.Length) + scriptCode.Length;
        return Money.Satoshis(BitConverter.ToInt64(preimage, offset));
    }
}
