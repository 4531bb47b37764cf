#!/usr/bin/env python3
"""QLoRA supervised fine-tuning on a prepared ChiroClick dataset (train.jsonl / validation.jsonl).

    python3 train_lora.py --data out/prepared --base-model mistralai/Mistral-7B-Instruct-v0.3 \
        --output out/lora-chiro-no [--dry-run]

The clinic's training plan: LoRA r 16, alpha 16, dropout 0.05 on the q/k/v/o/gate/up/down projections,
learning rate 2e-4 (cosine, 3 % warm-up), 3 epochs, base weights in 4-bit NF4 (bitsandbytes). Uses
trl's SFTTrainer when trl is installed (``--trainer auto``), else a plain transformers Trainer that
masks the prompt so only the assistant's answer is learned. ``--dry-run`` validates the data and the
configuration and prints the plan without importing torch or transformers.
Exit codes: 0 ok, 2 usage, 3 invalid data, 5 missing file, 6 no examples, 7 missing packages.
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
    p.add_argument("--data", required=True, help="prepared directory (prepare.py --out)")
    p.add_argument("--base-model", default=ct.DEFAULT_BASE_MODEL, help="Hugging Face id or local directory")
    p.add_argument("--output", default="out/lora", help="where the adapter and tokenizer are saved")
    p.add_argument("--r", type=int, default=16)
    p.add_argument("--alpha", type=float, default=16)
    p.add_argument("--dropout", type=float, default=0.05)
    p.add_argument("--target-modules", default=",".join(ct.LORA_TARGET_MODULES))
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--epochs", type=float, default=3)
    p.add_argument("--batch-size", type=int, default=4, help="per-device batch size")
    p.add_argument("--grad-accum", type=int, default=4)
    p.add_argument("--max-seq-length", type=int, default=2048)
    p.add_argument("--warmup-ratio", type=float, default=0.03)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--no-4bit", action="store_true", help="plain LoRA on bf16/fp16 weights (needs ~3× memory)")
    p.add_argument("--trainer", choices=("auto", "trl", "transformers"), default="auto")
    p.add_argument("--trust-remote-code", action="store_true")
    p.add_argument("--dry-run", action="store_true", help="validate data + configuration, print the plan, exit")
    return p.parse_args(argv)


def plan_for(args, data: dict) -> dict:
    texts = [m["content"] for r in data["train"] for m in r.obj["messages"]]
    spe = ct.steps_per_epoch(len(data["train"]), args.batch_size, args.grad_accum)
    trainer = args.trainer if args.trainer != "auto" else ("trl" if ct.has_module("trl") else "transformers")
    return {
        "baseModel": args.base_model, "output": args.output,
        "quantisation": "none (bf16/fp16)" if args.no_4bit else "4-bit NF4, double quantisation (bitsandbytes)",
        "lora": {"r": args.r, "alpha": args.alpha, "dropout": args.dropout,
                 "targetModules": args.target_modules.split(","), "bias": "none", "taskType": "CAUSAL_LM"},
        "optimisation": {"learningRate": args.lr, "epochs": args.epochs, "batchSize": args.batch_size,
                         "gradientAccumulation": args.grad_accum,
                         "effectiveBatch": args.batch_size * args.grad_accum, "scheduler": "cosine",
                         "warmupRatio": args.warmup_ratio, "optimizer": "paged_adamw_8bit" if not args.no_4bit else "adamw_torch",
                         "maxSeqLength": args.max_seq_length, "seed": args.seed,
                         "stepsPerEpoch": spe, "totalSteps": int(spe * args.epochs + 0.999)},
        "data": {"train": len(data["train"]), "validation": len(data["validation"]), "test": len(data["test"]),
                 **ct.token_stats(texts)},
        "trainer": trainer,
    }


def validate(args) -> tuple[dict, list[str]]:
    errors: list[str] = []
    ct.check_common(args, errors)
    modules = [m for m in args.target_modules.split(",") if m]
    if not modules:
        errors.append("--target-modules is empty")
    if args.max_seq_length < 128:
        errors.append("--max-seq-length must be ≥ 128")
    if not 0 <= args.warmup_ratio < 1:
        errors.append("--warmup-ratio must be in [0, 1)")
    data = cd.load_prepared(args.data, need_sft=True)
    longest = max(cd.approx_tokens("".join(m["content"] for m in r.obj["messages"])) for r in data["train"])
    if longest > args.max_seq_length:
        print(f"train_lora: warning: the longest example is ≈{longest} tokens > --max-seq-length "
              f"{args.max_seq_length}; it will be truncated", file=sys.stderr)
    return data, errors


def build_lora_config(args):
    from peft import LoraConfig
    return LoraConfig(r=args.r, lora_alpha=args.alpha, lora_dropout=args.dropout, bias="none",
                      task_type="CAUSAL_LM", target_modules=args.target_modules.split(","))


def training_arguments(args, cls, has_eval: bool, extra: dict | None = None):
    import torch
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    wanted = {
        "output_dir": args.output, "num_train_epochs": args.epochs, "learning_rate": args.lr,
        "per_device_train_batch_size": args.batch_size, "per_device_eval_batch_size": args.batch_size,
        "gradient_accumulation_steps": args.grad_accum, "lr_scheduler_type": "cosine",
        "warmup_ratio": args.warmup_ratio, "weight_decay": 0.0, "max_grad_norm": 0.3,
        "optim": "adamw_torch" if args.no_4bit else "paged_adamw_8bit",
        "bf16": bf16, "fp16": torch.cuda.is_available() and not bf16,
        "gradient_checkpointing": True, "gradient_checkpointing_kwargs": {"use_reentrant": False},
        "logging_steps": 10, "save_strategy": "epoch", "save_total_limit": 2,
        "eval_strategy": "epoch" if has_eval else "no", "seed": args.seed, "report_to": "none",
        **(extra or {}),
    }
    return cls(**ct.config_kwargs(cls, wanted))


def train_with_trl(args, tokenizer, model, train_rows, eval_rows):
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer
    to_ds = lambda rows: Dataset.from_list([{"messages": r.obj["messages"]} for r in rows])
    cfg = training_arguments(args, SFTConfig, bool(eval_rows), {
        # trl renamed max_seq_length to max_length (0.16); config_kwargs keeps whichever exists.
        "max_seq_length": args.max_seq_length, "max_length": args.max_seq_length, "packing": False})
    trainer = SFTTrainer(model=model, args=cfg, train_dataset=to_ds(train_rows),
                         eval_dataset=to_ds(eval_rows) if eval_rows else None,
                         peft_config=build_lora_config(args), **ct.tokenizer_kwarg(SFTTrainer, tokenizer))
    trainer.train()
    return trainer


def encode_with_prompt_mask(tokenizer, messages: list[dict], max_len: int) -> dict:
    """Tokenises a ChatML conversation; labels are -100 over everything before the final assistant turn."""
    prompt_ids = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=True)
    full_ids = tokenizer.apply_chat_template(messages, tokenize=True)
    if full_ids[: len(prompt_ids)] != prompt_ids:  # templates that rewrite earlier turns: mask by length
        prompt_ids = full_ids[: min(len(prompt_ids), len(full_ids) - 1)]
    if tokenizer.eos_token_id is not None and (not full_ids or full_ids[-1] != tokenizer.eos_token_id):
        full_ids = full_ids + [tokenizer.eos_token_id]
    full_ids = full_ids[:max_len]
    labels = [-100] * min(len(prompt_ids), len(full_ids)) + full_ids[len(prompt_ids):]
    return {"input_ids": full_ids, "attention_mask": [1] * len(full_ids), "labels": labels[: len(full_ids)]}


def train_with_transformers(args, tokenizer, model, train_rows, eval_rows):
    import torch
    from datasets import Dataset
    from peft import get_peft_model, prepare_model_for_kbit_training
    from transformers import Trainer, TrainingArguments

    if not args.no_4bit:
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    model = get_peft_model(model, build_lora_config(args))
    model.print_trainable_parameters()

    def encode(rows):
        return Dataset.from_list([encode_with_prompt_mask(tokenizer, r.obj["messages"], args.max_seq_length)
                                  for r in rows])

    pad_id = tokenizer.pad_token_id

    def collate(batch):
        width = max(len(b["input_ids"]) for b in batch)
        pad = lambda seq, v: seq + [v] * (width - len(seq))
        return {"input_ids": torch.tensor([pad(b["input_ids"], pad_id) for b in batch]),
                "attention_mask": torch.tensor([pad(b["attention_mask"], 0) for b in batch]),
                "labels": torch.tensor([pad(b["labels"], -100) for b in batch])}

    targs = training_arguments(args, TrainingArguments, bool(eval_rows), {"remove_unused_columns": False})
    trainer = Trainer(model=model, args=targs, train_dataset=encode(train_rows),
                      eval_dataset=encode(eval_rows) if eval_rows else None, data_collator=collate,
                      **ct.tokenizer_kwarg(Trainer, tokenizer))
    trainer.train()
    return trainer


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        data, errors = validate(args)
    except cd.DataError as e:
        print("train_lora: invalid data:\n  " + "\n  ".join(e.errors), file=sys.stderr)
        return e.code
    if errors:
        print("train_lora: invalid configuration:\n  " + "\n  ".join(errors), file=sys.stderr)
        return cd.EXIT_USAGE
    plan = plan_for(args, data)
    if args.dry_run:
        ct.print_plan("train_lora", plan)
        return cd.EXIT_OK

    needed = ["torch", "transformers", "peft", "datasets", "accelerate"] + ([] if args.no_4bit else ["bitsandbytes"])
    if args.trainer == "trl":
        needed.append("trl")
    ct.require(*needed)
    from transformers import set_seed
    set_seed(args.seed)
    tokenizer = ct.load_tokenizer(args.base_model, args.trust_remote_code)
    model = ct.load_base_model(args.base_model, not args.no_4bit, args.trust_remote_code)
    run = train_with_trl if plan["trainer"] == "trl" else train_with_transformers
    trainer = run(args, tokenizer, model, data["train"], data["validation"])
    os.makedirs(args.output, exist_ok=True)
    trainer.model.save_pretrained(args.output)  # the LoRA adapter only (adapter_model.safetensors)
    tokenizer.save_pretrained(args.output)
    metrics = trainer.evaluate() if data["validation"] else {}
    with open(os.path.join(args.output, "chiro_training.json"), "w", encoding="utf-8") as f:
        json.dump({"plan": plan, "evalMetrics": metrics, "logHistory": trainer.state.log_history},
                  f, ensure_ascii=False, indent=2, default=str)
    print(f"train_lora: adapter saved to {args.output}; eval {metrics}")
    return cd.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
