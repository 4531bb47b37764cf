#!/usr/bin/env python3
"""DPO on the clinicians' preference pairs (dpo.jsonl), continuing from the SFT LoRA adapter.

    python3 train_dpo.py --data out/prepared --base-model mistralai/Mistral-7B-Instruct-v0.3 \
        --sft-adapter out/lora-chiro-no --output out/dpo-chiro-no [--dry-run]

chosen = the clinician's correction, rejected = the model's original suggestion. The SFT adapter is
loaded twice: as the trainable policy ("train") and frozen as the reference ("reference"), so the
reference is the SFT model, not the bare base (trl DPOConfig model_adapter_name / ref_adapter_name).
Base weights are 4-bit NF4. Pairs are turned into trl's conversational format (prompt = system + user
messages, chosen/rejected = one assistant message each); 10 % are held out for evaluation by the same
stable hash prepare.py uses once there are at least 20 pairs. ``--dry-run`` validates data and
configuration and prints the plan without importing torch, transformers or trl.
Exit codes: 0 ok, 2 usage, 3 invalid data, 5 missing file, 6 no pairs, 7 missing packages.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import chiro_data as cd
import chiro_train as ct


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="prepared directory holding dpo.jsonl")
    p.add_argument("--base-model", default=ct.DEFAULT_BASE_MODEL)
    p.add_argument("--sft-adapter", required=True, help="train_lora.py --output directory")
    p.add_argument("--output", default="out/dpo")
    p.add_argument("--beta", type=float, default=0.1, help="DPO temperature (KL strength)")
    p.add_argument("--loss-type", default="sigmoid", choices=("sigmoid", "ipo", "hinge", "robust"))
    p.add_argument("--lr", type=float, default=5e-6)
    p.add_argument("--epochs", type=float, default=1)
    p.add_argument("--batch-size", type=int, default=2)
    p.add_argument("--grad-accum", type=int, default=8)
    p.add_argument("--max-length", type=int, default=2048)
    p.add_argument("--max-prompt-length", type=int, default=1024)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--trust-remote-code", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    return p.parse_args(argv)


def to_conversational(row: cd.Row) -> dict:
    """{'prompt': [system?, user], 'chosen': [assistant], 'rejected': [assistant]} as trl's DPOTrainer reads."""
    obj = row.obj
    system = (obj.get("metadata") or {}).get("system")
    prompt = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": obj["prompt"]}]
    return {"prompt": prompt, "chosen": [{"role": "assistant", "content": obj["chosen"]}],
            "rejected": [{"role": "assistant", "content": obj["rejected"]}]}


def split_pairs(rows: list[cd.Row]) -> tuple[list[cd.Row], list[cd.Row]]:
    if len(rows) < 20:
        return rows, []
    train = [r for r in rows if cd.split_of(r.content_hash) != "validation"]
    evals = [r for r in rows if cd.split_of(r.content_hash) == "validation"]
    return train, evals


def validate(args):
    errors: list[str] = []
    args.r, args.alpha, args.dropout = 1, 1, 0  # LoRA shape comes from the SFT adapter
    ct.check_common(args, errors)
    if args.beta <= 0:
        errors.append("--beta must be > 0")
    if args.max_prompt_length >= args.max_length:
        errors.append("--max-prompt-length must be below --max-length")
    cfg = os.path.join(args.sft_adapter, "adapter_config.json")
    if not args.dry_run and not os.path.isfile(cfg):
        errors.append(f"--sft-adapter {args.sft_adapter} has no adapter_config.json (run train_lora.py first)")
    data = cd.load_prepared(args.data, need_sft=False, need_dpo=True)
    return data["dpo"], errors


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        pairs, errors = validate(args)
    except cd.DataError as e:
        print("train_dpo: invalid data:\n  " + "\n  ".join(e.errors), file=sys.stderr)
        return e.code
    if errors:
        print("train_dpo: invalid configuration:\n  " + "\n  ".join(errors), file=sys.stderr)
        return cd.EXIT_USAGE
    train_rows, eval_rows = split_pairs(pairs)
    spe = ct.steps_per_epoch(len(train_rows), args.batch_size, args.grad_accum)
    plan = {
        "baseModel": args.base_model, "sftAdapter": args.sft_adapter, "output": args.output,
        "reference": "the SFT adapter, frozen (adapter 'reference')", "quantisation": "4-bit NF4",
        "dpo": {"beta": args.beta, "lossType": args.loss_type, "maxLength": args.max_length,
                "maxPromptLength": args.max_prompt_length},
        "optimisation": {"learningRate": args.lr, "epochs": args.epochs, "batchSize": args.batch_size,
                         "gradientAccumulation": args.grad_accum, "stepsPerEpoch": spe, "seed": args.seed},
        "data": {"pairs": len(pairs), "train": len(train_rows), "eval": len(eval_rows),
                 **ct.token_stats([r.obj["prompt"] + r.obj["chosen"] for r in pairs])},
        "adapterPresent": os.path.isfile(os.path.join(args.sft_adapter, "adapter_config.json")),
    }
    if args.dry_run:
        ct.print_plan("train_dpo", plan)
        return cd.EXIT_OK

    ct.require("torch", "transformers", "peft", "trl", "datasets", "accelerate", "bitsandbytes")
    import torch
    from datasets import Dataset
    from peft import PeftModel, prepare_model_for_kbit_training
    from transformers import set_seed
    from trl import DPOConfig, DPOTrainer

    set_seed(args.seed)
    tokenizer = ct.load_tokenizer(args.sft_adapter if os.path.isfile(
        os.path.join(args.sft_adapter, "tokenizer_config.json")) else args.base_model, args.trust_remote_code)
    base = ct.load_base_model(args.base_model, True, args.trust_remote_code)
    # Casts norms to fp32 and enables input gradients, as get_peft_model training on 4-bit weights needs.
    base = prepare_model_for_kbit_training(base, use_gradient_checkpointing=True)
    model = PeftModel.from_pretrained(base, args.sft_adapter, is_trainable=True, adapter_name="train")
    model.load_adapter(args.sft_adapter, adapter_name="reference")
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    cfg = DPOConfig(**ct.config_kwargs(DPOConfig, {
        "output_dir": args.output, "beta": args.beta, "loss_type": args.loss_type,
        "learning_rate": args.lr, "num_train_epochs": args.epochs, "lr_scheduler_type": "cosine",
        "warmup_ratio": 0.1, "per_device_train_batch_size": args.batch_size,
        "per_device_eval_batch_size": args.batch_size, "gradient_accumulation_steps": args.grad_accum,
        "max_length": args.max_length, "max_prompt_length": args.max_prompt_length,
        "model_adapter_name": "train", "ref_adapter_name": "reference",
        "gradient_checkpointing": True, "gradient_checkpointing_kwargs": {"use_reentrant": False},
        "optim": "paged_adamw_8bit", "bf16": bf16, "fp16": torch.cuda.is_available() and not bf16,
        "logging_steps": 10, "save_strategy": "epoch", "save_total_limit": 1,
        "eval_strategy": "epoch" if eval_rows else "no", "seed": args.seed, "report_to": "none"}))
    to_ds = lambda rows: Dataset.from_list([to_conversational(r) for r in rows])
    trainer = DPOTrainer(model=model, ref_model=None, args=cfg, train_dataset=to_ds(train_rows),
                         eval_dataset=to_ds(eval_rows) if eval_rows else None,
                         **ct.tokenizer_kwarg(DPOTrainer, tokenizer))
    trainer.train()
    os.makedirs(args.output, exist_ok=True)
    # Save only the trained policy adapter, under the plain name export_gguf.py loads.
    model.save_pretrained(args.output, selected_adapters=["train"])
    trained = os.path.join(args.output, "train")
    if os.path.isdir(trained):  # peft writes non-default adapters into a subfolder
        for name in os.listdir(trained):
            os.replace(os.path.join(trained, name), os.path.join(args.output, name))
        os.rmdir(trained)
    tokenizer.save_pretrained(args.output)
    metrics = trainer.evaluate() if eval_rows else {}
    with open(os.path.join(args.output, "chiro_training.json"), "w", encoding="utf-8") as f:
        json.dump({"plan": plan, "evalMetrics": metrics, "logHistory": trainer.state.log_history},
                  f, ensure_ascii=False, indent=2, default=str)
    print(f"train_dpo: adapter saved to {args.output}; eval {metrics}")
    return cd.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
