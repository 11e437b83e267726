using System.Text.Json;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;
using Xunit.Abstractions;
using static TradeNode.Bitcoin.Tests.Psbt.PsbtTestData;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>The test vectors of BIP174 itself (Vectors/bips/bip174_psbt_vectors.json).</summary>
public class Bip174VectorTests(ITestOutputHelper output)
{
    private static readonly JsonElement Vectors = VectorFile.ReadJson("bips/bip174_psbt_vectors.json");

    [Fact]
    public void Every_invalid_vector_is_rejected_with_a_sentence_in_both_encodings()
    {
        var cases = Vectors.GetProperty("invalid").EnumerateArray().ToList();
        var failures = new List<string>();
        foreach (var vector in cases)
        {
            var description = vector.GetProperty("description").GetString()!;
            foreach (var text in new[] { vector.GetProperty("base64").GetString()!, vector.GetProperty("hex").GetString()! })
            {
                try
                {
                    PSBT.Parse(text, Network.TestNet);
                    failures.Add($"accepted: {description}");
                }
                catch (FormatException ex) when (ex.Message.Length >= 20)
                {
                    if (text.StartsWith("cHNi", StringComparison.Ordinal) || !text.StartsWith("70736274", StringComparison.Ordinal))
                    {
                        output.WriteLine($"rejected: {description} -> {ex.Message}");
                    }
                }

                if (PSBT.TryParse(text, Network.TestNet, out _))
                {
                    failures.Add($"TryParse accepted: {description}");
                }
            }
        }

        output.WriteLine($"bip174 invalid: {cases.Count - failures.Count} of {cases.Count} passed");
        Assert.Equal(20, cases.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_valid_vector_parses_and_serializes_back_to_the_same_bytes()
    {
        var cases = Vectors.GetProperty("valid").EnumerateArray().ToList();
        var failures = new List<string>();
        foreach (var vector in cases)
        {
            var description = vector.GetProperty("description").GetString()!;
            var fromBase64 = PSBT.Parse(vector.GetProperty("base64").GetString()!, Network.TestNet);
            var fromHex = PSBT.Parse(vector.GetProperty("hex").GetString()!, Network.TestNet);
            if (fromBase64.ToHex() != ExpectedHex(vector) || fromHex.ToBase64() != vector.GetProperty("base64").GetString())
            {
                failures.Add($"round trip differs: {description}");
            }
        }

        output.WriteLine($"bip174 valid: {cases.Count - failures.Count} of {cases.Count} round-trip byte for byte");
        Assert.Equal(10, cases.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_vector_that_fails_signer_checks_is_refused_by_the_signer()
    {
        var cases = Vectors.GetProperty("fails_signer_checks").EnumerateArray().ToList();
        var failures = new List<string>();
        foreach (var vector in cases)
        {
            var description = vector.GetProperty("description").GetString()!;
            var psbt = Hex(vector);
            var refused = Assert.Throws<PSBTException>(() => psbt.SignWithKeys(new Key()));
            output.WriteLine($"refused: {description} -> {refused.Message}");
            if (psbt.Inputs.Any(i => i.PartialSigs.Count > 0) && psbt.ToHex() != ExpectedHex(vector))
            {
                failures.Add($"signed anyway: {description}");
            }
        }

        output.WriteLine($"bip174 fails_signer_checks: {cases.Count - failures.Count} of {cases.Count} refused");
        Assert.Equal(4, cases.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Creator_builds_the_vector_psbt()
    {
        var creator = Vectors.GetProperty("workflow").GetProperty("creator");
        var tx = new Transaction { Version = 2, LockTime = 0 };
        foreach (var input in creator.GetProperty("inputs").EnumerateArray())
        {
            tx.Inputs.Add(new TxIn(new OutPoint(UInt256.Parse(input.GetProperty("txid").GetString()!), input.GetProperty("index").GetUInt32())));
        }

        foreach (var outputJson in creator.GetProperty("outputs").EnumerateArray())
        {
            tx.Outputs.Add(new TxOut(Money.Parse(outputJson.GetProperty("amount_btc").GetString()!), Script.FromHex(outputJson.GetProperty("scriptPubKey").GetString()!)));
        }

        var psbt = PSBT.FromTransaction(tx, Network.TestNet);

        Assert.Equal(ExpectedHex(creator.GetProperty("result")), psbt.ToHex());
        Assert.Equal(creator.GetProperty("result").GetProperty("base64").GetString(), psbt.ToBase64());
    }

    [Fact]
    public void Creator_refuses_a_transaction_that_is_already_signed()
    {
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0), Script.Parse("1")));
        tx.Outputs.Add(new TxOut(Money.Satoshis(1000), Script.Parse("1")));

        Assert.Throws<ArgumentException>(() => PSBT.FromTransaction(tx, Network.TestNet));
    }

    [Fact]
    public void Updater_adds_utxos_scripts_and_key_paths_as_the_vector()
    {
        var workflow = Vectors.GetProperty("workflow");
        var updater = workflow.GetProperty("updater");
        var psbt = Hex(workflow.GetProperty("creator").GetProperty("result"));
        var master = ExtKey.Parse(workflow.GetProperty("master_xprv").GetString()!, Network.TestNet);
        var previous = updater.GetProperty("previous_transactions").EnumerateArray().Select(t => Transaction.Parse(t.GetString()!)).ToArray();
        var scripts = updater.GetProperty("redeem_scripts").EnumerateArray().Concat(updater.GetProperty("witness_scripts").EnumerateArray())
            .Select(s => Script.FromHex(s.GetString()!)).ToArray();

        psbt.AddTransactions(previous).AddScripts(scripts);

        // BIP174's updater gives segwit inputs (here a P2SH-wrapped P2WSH) only the witness UTXO.
        foreach (var input in psbt.Inputs.Where(i => i.RedeemScript?.IsWitnessProgram(out _, out _) == true))
        {
            var spent = input.GetTxOut()!;
            input.NonWitnessUtxo = null;
            psbt.AddCoins(new Coin(input.PrevOut, spent));
        }

        foreach (var key in updater.GetProperty("public_keys").EnumerateArray())
        {
            var path = KeyPath.Parse(key.GetProperty("path").GetString()!);
            var pubKey = PubKey.Parse(key.GetProperty("pubkey").GetString()!);
            Assert.Equal(pubKey, master.Derive(path).PubKey);
            psbt.AddKeyPath(pubKey, new RootedKeyPath(master.Fingerprint, path));
        }

        Assert.Equal(ExpectedHex(updater.GetProperty("result")), psbt.ToHex());

        foreach (var input in psbt.Inputs)
        {
            input.SighashType = SigHash.All;
        }

        Assert.Equal(ExpectedHex(workflow.GetProperty("updater_sighash_all").GetProperty("result")), psbt.ToHex());
    }

    [Theory]
    [InlineData("signer1")]
    [InlineData("signer2")]
    public void Signer_produces_the_vector_signatures(string signer)
    {
        var workflow = Vectors.GetProperty("workflow");
        var step = workflow.GetProperty(signer);
        var psbt = Hex(workflow.GetProperty("updater_sighash_all").GetProperty("result"));
        var keys = step.GetProperty("keys").EnumerateArray().Select(k => KeyFromWif(k.GetProperty("wif").GetString()!)).ToArray();
        psbt.UseLowR = false; // the BIP's signatures are plain RFC 6979: one of signer2's has a 33-byte r

        psbt.SignWithKeys(keys);

        Assert.Equal(ExpectedHex(step.GetProperty("result")), psbt.ToHex());
    }

    [Fact]
    public void Combiner_finalizer_and_extractor_reproduce_the_vectors()
    {
        var workflow = Vectors.GetProperty("workflow");
        var first = Hex(workflow.GetProperty("signer1").GetProperty("result"));
        var second = Hex(workflow.GetProperty("signer2").GetProperty("result"));

        var combined = first.Combine(second);
        Assert.Equal(ExpectedHex(workflow.GetProperty("combiner").GetProperty("result")), combined.ToHex());

        Assert.False(combined.IsAllFinalized());
        Assert.Throws<PSBTException>(() => combined.ExtractTransaction());
        combined.Finalize();
        Assert.Equal(ExpectedHex(workflow.GetProperty("finalizer").GetProperty("result")), combined.ToHex());

        var extracted = combined.ExtractTransaction();
        Assert.Equal(workflow.GetProperty("extractor").GetProperty("result_tx").GetProperty("hex").GetString(), extracted.ToHex());

        // The interpreter agrees: both inputs (legacy P2SH multisig, P2SH-P2WSH multisig) spend their coins.
        var previous = workflow.GetProperty("updater").GetProperty("previous_transactions").EnumerateArray().Select(t => Transaction.Parse(t.GetString()!)).ToList();
        var spent = extracted.Inputs.Select(i => previous.Single(p => p.GetHash() == i.PrevOut.Hash).Outputs[(int)i.PrevOut.N]).ToList();
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(extracted, spent, ScriptVerify.Standard));
    }

    [Fact]
    public void Combiner_orders_unknown_keys_lexicographically()
    {
        var vector = Vectors.GetProperty("combiner_unknown_keys");
        var inputs = vector.GetProperty("inputs").EnumerateArray().Select(Hex).ToList();

        var combined = inputs[0].Combine(inputs[1]);

        Assert.Equal(ExpectedHex(vector.GetProperty("result")), combined.ToHex());
    }
}
