using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Psbt;

public sealed partial class PSBT
{
    /// <summary>
    /// Updater: records the spent outputs as witness UTXOs. Only for witness programs and P2SH (which may wrap
    /// one); a legacy input needs its whole previous transaction (<see cref="AddTransactions"/>).
    /// </summary>
    public PSBT AddCoins(params Coin[] coins)
    {
        ArgumentNullException.ThrowIfNull(coins);
        foreach (var coin in coins)
        {
            var spk = coin.ScriptPubKey;
            if (!spk.IsWitnessProgram(out _, out _) && !spk.IsPayToScriptHash)
            {
                throw new ArgumentException($"The coin {coin.Outpoint} is not a witness output: add its previous transaction instead (AddTransactions).", nameof(coins));
            }

            foreach (var input in _inputs.Where(i => i.PrevOut.Equals(coin.Outpoint)))
            {
                input.WitnessUtxo = coin.TxOut;
            }
        }

        return this;
    }

    /// <summary>
    /// Updater: records previous transactions as non-witness UTXOs of the inputs that spend them, and the spent
    /// output as witness UTXO when it is a native witness program.
    /// </summary>
    public PSBT AddTransactions(params Transaction[] transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        foreach (var tx in transactions)
        {
            var txid = tx.GetHash();
            foreach (var input in _inputs.Where(i => i.PrevOut.Hash == txid))
            {
                input.NonWitnessUtxo = tx;
                var spent = tx.Outputs[(int)input.PrevOut.N];
                if (spent.ScriptPubKey.IsWitnessProgram(out _, out _))
                {
                    input.WitnessUtxo = spent;
                }
            }
        }

        return this;
    }

    /// <summary>
    /// Updater: attaches each script as redeem script or witness script wherever its hash matches what an input
    /// spends or an output pays to (P2SH, P2WSH and P2SH-P2WSH).
    /// </summary>
    public PSBT AddScripts(params Script[] scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);

        // Two passes, so a witness script finds the P2SH redeem script that wraps it whatever the order.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var script in scripts)
            {
                foreach (var input in _inputs)
                {
                    if (input.GetTxOut() is { } txOut)
                    {
                        input.RedeemScript ??= MatchesRedeem(txOut.ScriptPubKey, script) ? script : null;
                        input.WitnessScript ??= MatchesWitness(txOut.ScriptPubKey, input.RedeemScript, script) ? script : null;
                    }
                }

                foreach (var output in _outputs)
                {
                    output.RedeemScript ??= MatchesRedeem(output.ScriptPubKey, script) ? script : null;
                    output.WitnessScript ??= MatchesWitness(output.ScriptPubKey, output.RedeemScript, script) ? script : null;
                }
            }
        }

        return this;
    }

    /// <summary>Updater: records the key origin on every input and output whose scripts involve the key.</summary>
    public PSBT AddKeyPath(PubKey pubKey, RootedKeyPath rootedKeyPath)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        ArgumentNullException.ThrowIfNull(rootedKeyPath);
        foreach (var input in _inputs)
        {
            if (input.GetTxOut() is { } txOut && Involves(pubKey, txOut.ScriptPubKey, input.RedeemScript, input.WitnessScript))
            {
                input.AddKeyPath(pubKey, rootedKeyPath);
            }
        }

        foreach (var output in _outputs)
        {
            if (Involves(pubKey, output.ScriptPubKey, output.RedeemScript, output.WitnessScript))
            {
                output.AddKeyPath(pubKey, rootedKeyPath);
            }
        }

        return this;
    }

    /// <summary>
    /// Signer: signs every input the keys take part in, with each input's hash type (SIGHASH_ALL by default). Inputs
    /// without any UTXO information and finalized inputs are skipped; an inconsistent input makes it throw
    /// <see cref="PSBTException"/>.
    /// </summary>
    public PSBT SignWithKeys(params Key[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var input in _inputs.Where(i => !i.IsFinalized() && i.GetTxOut() is not null))
        {
            foreach (var key in keys)
            {
                input.Sign(key);
            }
        }

        return this;
    }

    /// <summary>
    /// Combiner: merges what <paramref name="other"/> knows into this PSBT (signatures, scripts, key paths,
    /// unknown fields). Both must be about the same unsigned transaction. Returns this PSBT.
    /// </summary>
    public PSBT Combine(PSBT other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Tx.GetHash() != Tx.GetHash())
        {
            throw new PSBTException("The PSBTs cannot be combined: they are about different unsigned transactions.");
        }

        foreach (var xpub in other.GlobalXPubs)
        {
            if (!GlobalXPubs.Any(x => x.ToBytes().AsSpan().SequenceEqual(xpub.ToBytes())))
            {
                GlobalXPubs.Add(xpub);
            }
        }

        _hasVersionField |= other._hasVersionField;
        foreach (var (key, value) in other.Unknown)
        {
            Unknown.TryAdd(key, value);
        }

        for (var i = 0; i < _inputs.Count; i++)
        {
            _inputs[i].Merge(other._inputs[i]);
        }

        for (var i = 0; i < _outputs.Count; i++)
        {
            _outputs[i].Merge(other._outputs[i]);
        }

        return this;
    }

    public bool IsAllFinalized() => _inputs.All(i => i.IsFinalized());

    /// <summary>Finalizer: finalizes every input, or throws <see cref="PSBTException"/> listing what is missing.</summary>
    public PSBT Finalize()
    {
        if (!TryFinalize(out var errors))
        {
            throw new PSBTException([.. errors]);
        }

        return this;
    }

    /// <summary>Finalizer: finalizes every input it can; false with the reasons when some input cannot be.</summary>
    public bool TryFinalize(out IList<PSBTError> errors)
    {
        errors = [];
        foreach (var input in _inputs)
        {
            if (!input.TryFinalizeInput(out var inputErrors))
            {
                foreach (var error in inputErrors)
                {
                    errors.Add(error);
                }
            }
        }

        return errors.Count == 0;
    }

    /// <summary>Extractor: the signed network transaction. Refuses (<see cref="PSBTException"/>) unless every input is finalized.</summary>
    public Transaction ExtractTransaction()
    {
        var missing = _inputs.Where(i => !i.IsFinalized()).Select(i => new PSBTError(i.Index, "The input is not finalized.")).ToList();
        if (missing.Count > 0)
        {
            throw new PSBTException(missing);
        }

        var tx = Tx.Clone();
        for (var i = 0; i < _inputs.Count; i++)
        {
            tx.Inputs[i].ScriptSig = _inputs[i].FinalScriptSig ?? Script.Empty;
            tx.Inputs[i].WitScript = _inputs[i].FinalScriptWitness ?? WitScript.Empty;
        }

        return tx;
    }

    private static bool MatchesRedeem(Script scriptPubKey, Script script) =>
        scriptPubKey.IsPayToScriptHash && script.Hash160.AsSpan().SequenceEqual(scriptPubKey.Span.Slice(2, 20));

    private static bool MatchesWitness(Script scriptPubKey, Script? redeemScript, Script script)
    {
        var program = redeemScript ?? scriptPubKey;
        return program.IsPayToWitnessScriptHash && script.WitnessHash.AsSpan().SequenceEqual(program.Span.Slice(2, 32));
    }

    private static bool Involves(PubKey pubKey, Script scriptPubKey, Script? redeemScript, Script? witnessScript)
    {
        var hash = pubKey.Hash160;
        foreach (var script in new[] { scriptPubKey, redeemScript, witnessScript })
        {
            if (script is null)
            {
                continue;
            }

            if ((script.IsPayToWitnessPubKeyHash && script.Span[2..].SequenceEqual(hash))
                || (PayToPubkeyHashTemplate.Instance.ExtractScriptPubKeyParameters(script) is { } keyHash && keyHash.AsSpan().SequenceEqual(hash))
                || PSBTInput.PushesPubKey(script, pubKey))
            {
                return true;
            }
        }

        return false;
    }
}
