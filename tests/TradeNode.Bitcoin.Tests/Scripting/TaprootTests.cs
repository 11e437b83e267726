using System.Text.Json;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Tests.Crypto;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Scripting;

public class TaprootTests(ITestOutputHelper output)
{
    private static readonly JsonElement Vectors = VectorFile.ReadJson("bitcoin-core/bip341_wallet_vectors.json");

    [Fact]
    public void Bip341_output_keys_leaf_hashes_and_control_blocks_match()
    {
        var cases = Vectors.GetProperty("scriptPubKey").EnumerateArray().ToList();
        var controlBlocks = 0;
        foreach (var vector in cases)
        {
            var given = vector.GetProperty("given");
            var intermediary = vector.GetProperty("intermediary");
            var expected = vector.GetProperty("expected");
            var internalKey = Convert.FromHexString(given.GetProperty("internalPubkey").GetString()!);
            var leaves = new Dictionary<int, (byte Version, byte[] Script)>();
            var merkleRoot = given.GetProperty("scriptTree").ValueKind == JsonValueKind.Null
                ? []
                : TreeHash(given.GetProperty("scriptTree"), leaves);

            var outputKey = TaprootTweak.ComputeOutputKey(internalKey, merkleRoot, out var oddY);

            Assert.Equal(intermediary.GetProperty("tweakedPubkey").GetString(), Convert.ToHexStringLower(outputKey));
            Assert.Equal(expected.GetProperty("scriptPubKey").GetString(), "5120" + Convert.ToHexStringLower(outputKey));
            if (!expected.TryGetProperty("scriptPathControlBlocks", out var blocks))
            {
                continue;
            }

            Assert.Equal(intermediary.GetProperty("merkleRoot").GetString(), Convert.ToHexStringLower(merkleRoot));
            var leafHashes = intermediary.GetProperty("leafHashes").EnumerateArray().Select(h => h.GetString()).ToList();
            var controls = blocks.EnumerateArray().Select(b => Convert.FromHexString(b.GetString()!)).ToList();
            foreach (var (id, (version, script)) in leaves)
            {
                var leafHash = Taproot.ComputeLeafHash(version, script);
                Assert.Equal(leafHashes[id], Convert.ToHexStringLower(leafHash));
                Assert.Equal(version | (oddY ? 1 : 0), controls[id][0]);
                Assert.True(Taproot.VerifyCommitment(controls[id], outputKey, leafHash));

                // The same path must not commit any other leaf.
                Assert.False(Taproot.VerifyCommitment(controls[id], outputKey, Taproot.ComputeLeafHash(version, [.. script, 0x51])));
                controlBlocks++;
            }
        }

        output.WriteLine($"bip341_wallet_vectors.json scriptPubKey: {cases.Count} cases passed, {controlBlocks} control blocks checked");
        Assert.Equal(7, cases.Count);
    }

    [Fact]
    public void Bip341_key_path_sighashes_match_and_the_signed_transaction_verifies()
    {
        var spending = Vectors.GetProperty("keyPathSpending")[0];
        var tx = Transaction.Parse(spending.GetProperty("given").GetProperty("rawUnsignedTx").GetString()!);
        var spent = spending.GetProperty("given").GetProperty("utxosSpent").EnumerateArray()
            .Select(u => new TxOut(Money.Satoshis(u.GetProperty("amountSats").GetInt64()), Script.FromHex(u.GetProperty("scriptPubKey").GetString()!)))
            .ToList();
        var precomputed = new PrecomputedTransactionData(tx, spent);
        var inputs = spending.GetProperty("inputSpending").EnumerateArray().ToList();
        foreach (var input in inputs)
        {
            var given = input.GetProperty("given");
            var index = given.GetProperty("txinIndex").GetInt32();
            var hashType = (byte)given.GetProperty("hashType").GetInt32();

            var hash = tx.GetTaprootSignatureHash(index, hashType, precomputed);

            Assert.Equal(input.GetProperty("intermediary").GetProperty("sigHash").GetString(), Convert.ToHexStringLower(hash!.Span));
            var internalKey = Convert.FromHexString(input.GetProperty("intermediary").GetProperty("internalPubkey").GetString()!);
            var merkleRoot = given.GetProperty("merkleRoot").GetString() is { } root ? Convert.FromHexString(root) : [];
            var outputKey = TaprootTweak.ComputeOutputKey(internalKey, merkleRoot);
            Assert.Equal(spent[index].ScriptPubKey.Span[2..].ToArray(), outputKey);
        }

        // The fully signed transaction mixes key-path, P2PKH and P2WPKH inputs.
        var signedTx = Transaction.Parse(spending.GetProperty("auxiliary").GetProperty("fullySignedTx").GetString()!);
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(signedTx, spent, ScriptVerify.Standard));

        // Any change to what the signatures commit to breaks them: here the first spent amount.
        var changed = spent.ToList();
        changed[0] = new TxOut(changed[0].Value + Money.Satoshis(1), changed[0].ScriptPubKey);
        Assert.Equal(ScriptError.SchnorrSig, TransactionVerifier.VerifyAll(signedTx, changed, ScriptVerify.Standard, out var failed));
        Assert.Equal(0, failed);
        output.WriteLine($"bip341_wallet_vectors.json keyPathSpending: {inputs.Count} sighashes matched, signed transaction verified");
        Assert.Equal(7, inputs.Count);
    }

    [Fact]
    public void Tapscript_checksig_spend_verifies_and_rejects_bad_signatures()
    {
        var (spend, spent, leafScript, control, leafHash, leafSecret) = BuildScriptPathSpend("KEY CHECKSIG");
        var precomputed = new PrecomputedTransactionData(spend, [spent]);
        var hash = spend.GetTaprootSignatureHash(0, 0, precomputed, tapleafHash: leafHash)!;
        var signature = SchnorrTestSigner.Sign(leafSecret, hash.ToBytes(), new byte[32]);

        spend.Inputs[0].WitScript = new WitScript(signature, leafScript, control);
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyInput(spend, 0, spent));

        // An explicit SIGHASH_ALL byte changes the hash, so the same signature with it appended fails.
        spend.Inputs[0].WitScript = new WitScript([.. signature, 0x01], leafScript, control);
        Assert.Equal(ScriptError.SchnorrSig, TransactionVerifier.VerifyInput(spend, 0, spent));

        // A 65-byte signature may not spell out SIGHASH_DEFAULT.
        spend.Inputs[0].WitScript = new WitScript([.. signature, 0x00], leafScript, control);
        Assert.Equal(ScriptError.SchnorrSigHashType, TransactionVerifier.VerifyInput(spend, 0, spent));

        // An empty signature is a failed check, not an error: CHECKSIG pushes false.
        spend.Inputs[0].WitScript = new WitScript([], leafScript, control);
        Assert.Equal(ScriptError.EvalFalse, TransactionVerifier.VerifyInput(spend, 0, spent));

        // A key-path signature (no leaf hash) does not verify on the script path.
        var keyPathHash = spend.GetTaprootSignatureHash(0, 0, precomputed)!;
        spend.Inputs[0].WitScript = new WitScript(SchnorrTestSigner.Sign(leafSecret, keyPathHash.ToBytes(), new byte[32]), leafScript, control);
        Assert.Equal(ScriptError.SchnorrSig, TransactionVerifier.VerifyInput(spend, 0, spent));

        // Without TAPROOT the output is anyone-can-spend, as before the soft fork.
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyInput(spend, 0, spent, ScriptVerify.P2SH | ScriptVerify.Witness));
    }

    [Fact]
    public void Tapscript_signatures_commit_to_the_last_executed_codeseparator()
    {
        var (spend, spent, leafScript, control, leafHash, leafSecret) = BuildScriptPathSpend("KEY CODESEPARATOR CHECKSIG");
        var precomputed = new PrecomputedTransactionData(spend, [spent]);

        // BIP342: the position counts opcodes, pushes included, from 0: the OP_CODESEPARATOR after the key push is 1.
        var atSeparator = spend.GetTaprootSignatureHash(0, 0, precomputed, tapleafHash: leafHash, codeSeparatorPosition: 1)!;
        var withoutSeparator = spend.GetTaprootSignatureHash(0, 0, precomputed, tapleafHash: leafHash)!;

        spend.Inputs[0].WitScript = new WitScript(SchnorrTestSigner.Sign(leafSecret, atSeparator.ToBytes(), new byte[32]), leafScript, control);
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyInput(spend, 0, spent));
        spend.Inputs[0].WitScript = new WitScript(SchnorrTestSigner.Sign(leafSecret, withoutSeparator.ToBytes(), new byte[32]), leafScript, control);
        Assert.Equal(ScriptError.SchnorrSig, TransactionVerifier.VerifyInput(spend, 0, spent));
    }

    [Fact]
    public void Tapscript_rules_differ_from_segwit_v0()
    {
        Assert.Equal(ScriptError.TapscriptCheckMultiSig, RunLeaf("1 0 1 CHECKMULTISIG", []));
        Assert.Equal(ScriptError.TapscriptMinimalIf, RunLeaf("IF 1 ENDIF", [[0x02]]));
        Assert.Equal(ScriptError.Ok, RunLeaf("0x50", [], ScriptVerify.Mandatory));
        Assert.Equal(ScriptError.DiscourageOpSuccess, RunLeaf("0x50", []));
        Assert.Equal(ScriptError.TapscriptEmptyPubkey, RunLeaf("0 CHECKSIG", [[0x01]]));
        Assert.Equal(ScriptError.DiscourageUpgradablePubkeyType, RunLeaf("0x02 0x0102 CHECKSIG", [[0x01]]));
        Assert.Equal(ScriptError.Ok, RunLeaf("0x02 0x0102 CHECKSIG", [[0x01]], ScriptVerify.Mandatory));
        Assert.Equal(ScriptError.Ok, RunLeaf("0 0 0x02 0x0102 CHECKSIGADD 0 EQUAL", [], ScriptVerify.Mandatory));
        Assert.Equal(ScriptError.BadOpcode, RunLegacy("0 0 0x02 0x0102 CHECKSIGADD"));
    }

    [Fact]
    public void Wrong_control_blocks_are_rejected()
    {
        var (spend, spent, leafScript, control, _, _) = BuildScriptPathSpend("1");

        spend.Inputs[0].WitScript = new WitScript(leafScript, control);
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyInput(spend, 0, spent));

        spend.Inputs[0].WitScript = new WitScript(leafScript, control[..32]);
        Assert.Equal(ScriptError.TaprootWrongControlSize, TransactionVerifier.VerifyInput(spend, 0, spent));

        spend.Inputs[0].WitScript = new WitScript(leafScript, [(byte)(control[0] ^ 1), .. control[1..]]);
        Assert.Equal(ScriptError.WitnessProgramMismatch, TransactionVerifier.VerifyInput(spend, 0, spent));

        spend.Inputs[0].WitScript = WitScript.Empty;
        Assert.Equal(ScriptError.WitnessProgramWitnessEmpty, TransactionVerifier.VerifyInput(spend, 0, spent));
    }

    private static ScriptError RunLeaf(string asm, byte[][] stack, ScriptVerify flags = ScriptVerify.Standard)
    {
        var (spend, spent, leafScript, control, _, _) = BuildScriptPathSpend(asm);
        spend.Inputs[0].WitScript = new WitScript([.. stack, leafScript, control]);
        return TransactionVerifier.VerifyInput(spend, 0, spent, flags);
    }

    private static ScriptError RunLegacy(string asm)
    {
        ScriptInterpreter.VerifyScript(Script.Empty, Script.Parse(asm), null, ScriptVerify.Standard, NullSignatureChecker.Instance, out var error);
        return error;
    }

    /// <summary>A taproot output with one tapscript leaf (asm, KEY standing for the leaf key) and a transaction spending it.</summary>
    private static (Transaction Spend, TxOut Spent, byte[] LeafScript, byte[] Control, byte[] LeafHash, byte[] LeafSecret) BuildScriptPathSpend(string asm)
    {
        var internalSecret = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var leafSecret = Enumerable.Repeat((byte)0x22, 32).ToArray();
        var leafKey = SchnorrTestSigner.XOnlyPublicKey(leafSecret);
        var leafScript = Script.Parse(asm.Replace("KEY", "0x20 0x" + Convert.ToHexStringLower(leafKey), StringComparison.Ordinal)).ToBytes();
        var leafHash = Taproot.ComputeLeafHash(Taproot.LeafVersionTapscript, leafScript);
        var internalKey = SchnorrTestSigner.XOnlyPublicKey(internalSecret);
        var outputKey = TaprootTweak.ComputeOutputKey(internalKey, leafHash, out var oddY);
        byte[] control = [(byte)(Taproot.LeafVersionTapscript | (oddY ? 1 : 0)), .. internalKey];
        var spent = new TxOut(Money.Satoshis(50_000), new Script([0x51, 0x20, .. outputKey]));
        var spend = new Transaction { Version = 2 };
        spend.Inputs.Add(new TxIn(new OutPoint(UInt256.Parse(new string('c', 64)), 0)));
        spend.Outputs.Add(new TxOut(Money.Satoshis(49_000), Script.Parse("0 0x14 0x0000000000000000000000000000000000000000")));
        return (spend, spent, leafScript, control, leafHash, leafSecret);
    }

    /// <summary>The BIP341 merkle hash of a JSON script tree (a leaf object or a two-element array).</summary>
    private static byte[] TreeHash(JsonElement node, Dictionary<int, (byte, byte[])> leaves)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return Taproot.ComputeBranchHash(TreeHash(node[0], leaves), TreeHash(node[1], leaves));
        }

        var version = (byte)node.GetProperty("leafVersion").GetInt32();
        var script = Convert.FromHexString(node.GetProperty("script").GetString()!);
        leaves[node.GetProperty("id").GetInt32()] = (version, script);
        return Taproot.ComputeLeafHash(version, script);
    }
}
