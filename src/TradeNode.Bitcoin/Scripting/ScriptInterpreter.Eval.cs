namespace TradeNode.Bitcoin.Scripting;

public static partial class ScriptInterpreter
{
    private static bool Evaluate(List<byte[]> stack, Script script, ScriptVerify flags, ISignatureChecker checker, HashVersion version, ScriptExecutionData execution, out ScriptError error)
    {
        var bytes = script.Span;

        // Tapscript has neither the script size nor the operation count limit.
        var legacyLimits = version is HashVersion.Original or HashVersion.WitnessV0;
        if (legacyLimits && bytes.Length > Script.MaxScriptSize)
        {
            return Fail(ScriptError.ScriptSize, out error);
        }

        var altstack = new List<byte[]>();
        var conditions = new ConditionStack();
        var requireMinimal = (flags & ScriptVerify.MinimalData) != 0;
        var opCount = 0;
        var pc = 0;
        var codeHashBegin = 0;
        execution.CodeSeparatorPosition = uint.MaxValue;
        for (var opcodePosition = 0u; pc < bytes.Length; opcodePosition++)
        {
            var executing = conditions.AllTrue;
            if (!Script.TryReadOp(bytes, ref pc, out var opcode, out var pushData))
            {
                return Fail(ScriptError.BadOpcode, out error);
            }

            if (pushData.Length > MaxScriptElementSize)
            {
                return Fail(ScriptError.PushSize, out error);
            }

            // OP_RESERVED and pushes do not count towards the operation limit.
            if (legacyLimits && opcode > OpcodeType.OP_16 && ++opCount > MaxOpsPerScript)
            {
                return Fail(ScriptError.OpCount, out error);
            }

            // Disabled opcodes fail even in a branch that is not executed.
            if (IsDisabled(opcode))
            {
                return Fail(ScriptError.DisabledOpcode, out error);
            }

            if (opcode == OpcodeType.OP_CODESEPARATOR && version == HashVersion.Original && (flags & ScriptVerify.ConstScriptCode) != 0)
            {
                return Fail(ScriptError.OpCodeSeparator, out error);
            }

            if (opcode <= OpcodeType.OP_PUSHDATA4)
            {
                if (executing)
                {
                    if (requireMinimal && !IsMinimalPush(pushData, opcode))
                    {
                        return Fail(ScriptError.MinimalData, out error);
                    }

                    stack.Add(pushData.ToArray());
                }
            }
            else if (executing || (opcode >= OpcodeType.OP_IF && opcode <= OpcodeType.OP_ENDIF))
            {
                var step = new Step(stack, altstack, conditions, flags, checker, version, execution, requireMinimal, executing);
                if (!Execute(ref step, opcode, bytes, pc, opcodePosition, ref codeHashBegin, ref opCount, out error))
                {
                    return false;
                }
            }

            if (stack.Count + altstack.Count > MaxStackSize)
            {
                return Fail(ScriptError.StackSize, out error);
            }
        }

        if (!conditions.IsEmpty)
        {
            return Fail(ScriptError.UnbalancedConditional, out error);
        }

        error = ScriptError.Ok;
        return true;
    }

    /// <summary>The state one non-push operation works on.</summary>
    private readonly record struct Step(
        List<byte[]> Stack,
        List<byte[]> Altstack,
        ConditionStack Conditions,
        ScriptVerify Flags,
        ISignatureChecker Checker,
        HashVersion Version,
        ScriptExecutionData Execution,
        bool RequireMinimal,
        bool Executing);

    private static bool Execute(ref Step step, OpcodeType opcode, ReadOnlySpan<byte> script, int pc, uint opcodePosition, ref int codeHashBegin, ref int opCount, out ScriptError error)
    {
        var stack = step.Stack;
        var flags = step.Flags;
        error = ScriptError.Ok;
        switch (opcode)
        {
            case OpcodeType.OP_1NEGATE:
            case >= OpcodeType.OP_1 and <= OpcodeType.OP_16:
                stack.Add(ScriptNumber.Serialize((int)opcode - ((int)OpcodeType.OP_1 - 1)));
                return true;

            case OpcodeType.OP_NOP:
                return true;

            case OpcodeType.OP_CHECKLOCKTIMEVERIFY:
                return CheckLockTimeVerify(ref step, out error);

            case OpcodeType.OP_CHECKSEQUENCEVERIFY:
                return CheckSequenceVerify(ref step, out error);

            case OpcodeType.OP_NOP1:
            case >= OpcodeType.OP_NOP4 and <= OpcodeType.OP_NOP10:
                return (flags & ScriptVerify.DiscourageUpgradableNops) == 0 || Fail(ScriptError.DiscourageUpgradableNops, out error);

            case OpcodeType.OP_IF:
            case OpcodeType.OP_NOTIF:
                return If(ref step, opcode, out error);

            case OpcodeType.OP_ELSE:
                if (step.Conditions.IsEmpty)
                {
                    return Fail(ScriptError.UnbalancedConditional, out error);
                }

                step.Conditions.ToggleTop();
                return true;

            case OpcodeType.OP_ENDIF:
                if (step.Conditions.IsEmpty)
                {
                    return Fail(ScriptError.UnbalancedConditional, out error);
                }

                step.Conditions.Pop();
                return true;

            case OpcodeType.OP_VERIFY:
                if (stack.Count < 1)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                if (!CastToBool(Top(stack, -1)))
                {
                    return Fail(ScriptError.Verify, out error);
                }

                Pop(stack);
                return true;

            case OpcodeType.OP_RETURN:
                return Fail(ScriptError.OpReturn, out error);

            case OpcodeType.OP_TOALTSTACK:
                if (stack.Count < 1)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                step.Altstack.Add(Top(stack, -1));
                Pop(stack);
                return true;

            case OpcodeType.OP_FROMALTSTACK:
                if (step.Altstack.Count < 1)
                {
                    return Fail(ScriptError.InvalidAltstackOperation, out error);
                }

                stack.Add(Top(step.Altstack, -1));
                Pop(step.Altstack);
                return true;

            case >= OpcodeType.OP_2DROP and <= OpcodeType.OP_TUCK:
                return StackOperation(stack, opcode, step.RequireMinimal, out error);

            case OpcodeType.OP_SIZE:
                if (stack.Count < 1)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                stack.Add(ScriptNumber.Serialize(Top(stack, -1).Length));
                return true;

            case OpcodeType.OP_EQUAL:
            case OpcodeType.OP_EQUALVERIFY:
            {
                if (stack.Count < 2)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                var equal = Top(stack, -2).AsSpan().SequenceEqual(Top(stack, -1));
                Pop(stack);
                Pop(stack);
                stack.Add(equal ? True : False);
                if (opcode == OpcodeType.OP_EQUALVERIFY)
                {
                    if (!equal)
                    {
                        return Fail(ScriptError.EqualVerify, out error);
                    }

                    Pop(stack);
                }

                return true;
            }

            case >= OpcodeType.OP_1ADD and <= OpcodeType.OP_0NOTEQUAL:
                return UnaryArithmetic(stack, opcode, step.RequireMinimal, out error);

            case >= OpcodeType.OP_ADD and <= OpcodeType.OP_MAX:
                return BinaryArithmetic(stack, opcode, step.RequireMinimal, out error);

            case OpcodeType.OP_WITHIN:
            {
                if (stack.Count < 3)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                var x = Number(Top(stack, -3), step.RequireMinimal);
                var min = Number(Top(stack, -2), step.RequireMinimal);
                var max = Number(Top(stack, -1), step.RequireMinimal);
                Pop(stack);
                Pop(stack);
                Pop(stack);
                stack.Add(min <= x && x < max ? True : False);
                return true;
            }

            case >= OpcodeType.OP_RIPEMD160 and <= OpcodeType.OP_HASH256:
            {
                if (stack.Count < 1)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                var hash = Hash(opcode, Top(stack, -1));
                Pop(stack);
                stack.Add(hash);
                return true;
            }

            case OpcodeType.OP_CODESEPARATOR:
                // Signatures commit to the script from just after the last executed OP_CODESEPARATOR.
                codeHashBegin = pc;
                step.Execution.CodeSeparatorPosition = opcodePosition;
                return true;

            case OpcodeType.OP_CHECKSIG:
            case OpcodeType.OP_CHECKSIGVERIFY:
                return CheckSig(ref step, opcode, script, codeHashBegin, out error);

            case OpcodeType.OP_CHECKSIGADD:
                return CheckSigAdd(ref step, out error);

            case OpcodeType.OP_CHECKMULTISIG:
            case OpcodeType.OP_CHECKMULTISIGVERIFY:
                if (step.Version == HashVersion.Tapscript)
                {
                    return Fail(ScriptError.TapscriptCheckMultiSig, out error);
                }

                return CheckMultiSig(ref step, opcode, script, codeHashBegin, ref opCount, out error);

            default:
                return Fail(ScriptError.BadOpcode, out error);
        }
    }

    private static bool If(ref Step step, OpcodeType opcode, out ScriptError error)
    {
        error = ScriptError.Ok;
        var value = false;
        if (step.Executing)
        {
            var stack = step.Stack;
            if (stack.Count < 1)
            {
                return Fail(ScriptError.InvalidStackOperation, out error);
            }

            var top = Top(stack, -1);
            var minimal = top.Length == 0 || (top.Length == 1 && top[0] == 1);

            // BIP342: in tapscript the argument must be empty or exactly 0x01 (consensus).
            if (step.Version == HashVersion.Tapscript && !minimal)
            {
                return Fail(ScriptError.TapscriptMinimalIf, out error);
            }

            // BIP141 policy (MINIMALIF): in segwit v0 the argument must be empty or exactly 0x01.
            if (step.Version == HashVersion.WitnessV0 && (step.Flags & ScriptVerify.MinimalIf) != 0 && !minimal)
            {
                return Fail(ScriptError.MinimalIf, out error);
            }

            value = CastToBool(top);
            if (opcode == OpcodeType.OP_NOTIF)
            {
                value = !value;
            }

            Pop(stack);
        }

        step.Conditions.Push(value);
        return true;
    }

    private static bool CheckLockTimeVerify(ref Step step, out ScriptError error)
    {
        error = ScriptError.Ok;
        if ((step.Flags & ScriptVerify.CheckLockTimeVerify) == 0)
        {
            return true; // Not enforced: OP_NOP2.
        }

        if (step.Stack.Count < 1)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        // Five bytes: lock times are unsigned 32-bit and would not fit in a 4-byte script number.
        var lockTime = Number(Top(step.Stack, -1), step.RequireMinimal, 5);
        if (lockTime < 0)
        {
            return Fail(ScriptError.NegativeLockTime, out error);
        }

        return step.Checker.CheckLockTime(lockTime) || Fail(ScriptError.UnsatisfiedLockTime, out error);
    }

    private static bool CheckSequenceVerify(ref Step step, out ScriptError error)
    {
        error = ScriptError.Ok;
        if ((step.Flags & ScriptVerify.CheckSequenceVerify) == 0)
        {
            return true; // Not enforced: OP_NOP3.
        }

        if (step.Stack.Count < 1)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var sequence = Number(Top(step.Stack, -1), step.RequireMinimal, 5);
        if (sequence < 0)
        {
            return Fail(ScriptError.NegativeLockTime, out error);
        }

        // BIP112: with the disable flag set the operand carries no lock and the opcode behaves as a NOP.
        if ((sequence & TxIn.SequenceLockTimeDisableFlag) != 0)
        {
            return true;
        }

        return step.Checker.CheckSequence(sequence) || Fail(ScriptError.UnsatisfiedLockTime, out error);
    }

    private static bool StackOperation(List<byte[]> stack, OpcodeType opcode, bool requireMinimal, out ScriptError error)
    {
        error = ScriptError.Ok;
        var needed = opcode switch
        {
            OpcodeType.OP_2DROP or OpcodeType.OP_2DUP or OpcodeType.OP_NIP or OpcodeType.OP_OVER or OpcodeType.OP_PICK
                or OpcodeType.OP_ROLL or OpcodeType.OP_SWAP or OpcodeType.OP_TUCK => 2,
            OpcodeType.OP_3DUP or OpcodeType.OP_ROT => 3,
            OpcodeType.OP_2OVER or OpcodeType.OP_2SWAP => 4,
            OpcodeType.OP_2ROT => 6,
            OpcodeType.OP_DEPTH => 0,
            _ => 1,
        };
        if (stack.Count < needed)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        switch (opcode)
        {
            case OpcodeType.OP_2DROP:
                Pop(stack);
                Pop(stack);
                break;
            case OpcodeType.OP_2DUP:
                stack.Add(Top(stack, -2));
                stack.Add(Top(stack, -2));
                break;
            case OpcodeType.OP_3DUP:
                stack.Add(Top(stack, -3));
                stack.Add(Top(stack, -3));
                stack.Add(Top(stack, -3));
                break;
            case OpcodeType.OP_2OVER:
                stack.Add(Top(stack, -4));
                stack.Add(Top(stack, -4));
                break;
            case OpcodeType.OP_2ROT:
            {
                var first = Top(stack, -6);
                var second = Top(stack, -5);
                stack.RemoveRange(stack.Count - 6, 2);
                stack.Add(first);
                stack.Add(second);
                break;
            }

            case OpcodeType.OP_2SWAP:
                Swap(stack, -4, -2);
                Swap(stack, -3, -1);
                break;
            case OpcodeType.OP_IFDUP:
                if (CastToBool(Top(stack, -1)))
                {
                    stack.Add(Top(stack, -1));
                }

                break;
            case OpcodeType.OP_DEPTH:
                stack.Add(ScriptNumber.Serialize(stack.Count));
                break;
            case OpcodeType.OP_DROP:
                Pop(stack);
                break;
            case OpcodeType.OP_DUP:
                stack.Add(Top(stack, -1));
                break;
            case OpcodeType.OP_NIP:
                stack.RemoveAt(stack.Count - 2);
                break;
            case OpcodeType.OP_OVER:
                stack.Add(Top(stack, -2));
                break;
            case OpcodeType.OP_PICK:
            case OpcodeType.OP_ROLL:
            {
                // The index counts from the top, after the index itself is popped.
                var n = NumberAsInt(Top(stack, -1), requireMinimal);
                Pop(stack);
                if (n < 0 || n >= stack.Count)
                {
                    return Fail(ScriptError.InvalidStackOperation, out error);
                }

                var value = Top(stack, -n - 1);
                if (opcode == OpcodeType.OP_ROLL)
                {
                    stack.RemoveAt(stack.Count - n - 1);
                }

                stack.Add(value);
                break;
            }

            case OpcodeType.OP_ROT:
                Swap(stack, -3, -2);
                Swap(stack, -2, -1);
                break;
            case OpcodeType.OP_SWAP:
                Swap(stack, -2, -1);
                break;
            case OpcodeType.OP_TUCK:
                stack.Insert(stack.Count - 2, Top(stack, -1));
                break;
        }

        return true;
    }

    private static bool UnaryArithmetic(List<byte[]> stack, OpcodeType opcode, bool requireMinimal, out ScriptError error)
    {
        error = ScriptError.Ok;
        if (stack.Count < 1)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var n = Number(Top(stack, -1), requireMinimal);
        n = opcode switch
        {
            OpcodeType.OP_1ADD => n + 1,
            OpcodeType.OP_1SUB => n - 1,
            OpcodeType.OP_NEGATE => -n,
            OpcodeType.OP_ABS => Math.Abs(n),
            OpcodeType.OP_NOT => n == 0 ? 1 : 0,
            OpcodeType.OP_0NOTEQUAL => n != 0 ? 1 : 0,
            _ => throw new InvalidOperationException("Not a unary arithmetic opcode."),
        };
        Pop(stack);
        stack.Add(ScriptNumber.Serialize(n));
        return true;
    }

    private static bool BinaryArithmetic(List<byte[]> stack, OpcodeType opcode, bool requireMinimal, out ScriptError error)
    {
        error = ScriptError.Ok;
        if (stack.Count < 2)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var a = Number(Top(stack, -2), requireMinimal);
        var b = Number(Top(stack, -1), requireMinimal);
        var result = opcode switch
        {
            OpcodeType.OP_ADD => a + b,
            OpcodeType.OP_SUB => a - b,
            OpcodeType.OP_BOOLAND => a != 0 && b != 0 ? 1 : 0,
            OpcodeType.OP_BOOLOR => a != 0 || b != 0 ? 1 : 0,
            OpcodeType.OP_NUMEQUAL or OpcodeType.OP_NUMEQUALVERIFY => a == b ? 1 : 0,
            OpcodeType.OP_NUMNOTEQUAL => a != b ? 1 : 0,
            OpcodeType.OP_LESSTHAN => a < b ? 1 : 0,
            OpcodeType.OP_GREATERTHAN => a > b ? 1 : 0,
            OpcodeType.OP_LESSTHANOREQUAL => a <= b ? 1 : 0,
            OpcodeType.OP_GREATERTHANOREQUAL => a >= b ? 1 : 0,
            OpcodeType.OP_MIN => Math.Min(a, b),
            OpcodeType.OP_MAX => Math.Max(a, b),
            _ => throw new InvalidOperationException("Not a binary arithmetic opcode."),
        };
        Pop(stack);
        Pop(stack);
        stack.Add(ScriptNumber.Serialize(result));
        if (opcode == OpcodeType.OP_NUMEQUALVERIFY)
        {
            if (result == 0)
            {
                return Fail(ScriptError.NumEqualVerify, out error);
            }

            Pop(stack);
        }

        return true;
    }
}
