// The built-in signature set from its embedded JSON sources
// (signatures/CMakeLists.txt), and its build-time form made from them. In a
// build with the build-time form the binary never calls these, so the JSON
// sources are not linked into it; the build tool and the tests use them.
#include "scanner/core/embedded_file.h"
#include "scanner/sig/signature_blob.h"
#include "scanner/sig/signature_db.h"

namespace blastradius {

extern const EmbeddedFile kBuiltinSignatures[];
extern const size_t kBuiltinSignatures_count;

void SignatureDb::AddBuiltinSources() {
  if (!Mutable("AddBuiltinSources")) return;
  for (size_t i = 0; i < kBuiltinSignatures_count; ++i) {
    const EmbeddedFile& f = kBuiltinSignatures[i];
    std::string name = std::string("signatures/") + f.name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0)
      AddDocumentedExamples(f.data);
    else if (!AddModelFile(name, f.data))
      AddFile(name, f.data, /*may_replace=*/false, /*require_examples=*/false);
  }
  damage_builtin_ = categories_builtin_ = true;
  for (const auto& sig : signatures_) builtin_ids_.insert(sig.card.id);
}

#ifndef BLASTRADIUS_HAVE_SIGNATURE_BLOB
void SignatureDb::LoadBuiltinModels() {
  for (size_t i = 0; i < kBuiltinSignatures_count; ++i) {
    const EmbeddedFile& f = kBuiltinSignatures[i];
    std::string name = f.name;
    if (name == "damage.json" && !damage_.loaded()) {
      AddModelFile("signatures/" + name, f.data);
      damage_builtin_ = true;
    } else if (name == "categories.json" && !categories_.loaded()) {
      AddModelFile("signatures/" + name, f.data);
      categories_builtin_ = true;
    }
  }
}
#endif

Status SignatureDb::BuildBuiltinBlob(std::string* out) {
  SignatureDb db;
  db.AddBuiltinSources();
  // Each card as its file set it, before Finish() derives the rest.
  std::vector<Signature::Prefinished> raw;
  for (const auto& s : db.signatures_) raw.push_back({s.card.base_blast_radius, s.card.base_severity, ""});
  if (Status s = db.Finish(); !s.ok()) return s;
  if (!db.warnings_.empty()) return Status::InvalidArgument(db.warnings_.front());
  if (db.signatures_.size() != raw.size() || !db.damage_builtin_ || !db.categories_builtin_)
    return Status::Internal("the built-in set changed while finishing");
  SignatureBlobContents contents;
  std::vector<std::string> disagreements;
  for (size_t i = 0; i < raw.size(); ++i) {
    Signature sig = db.signatures_[i];
    if (raw[i].base_blast_radius >= 0)
      raw[i].damage_disagreement = DamageDisagreement(sig.card, db.damage_.tolerance());
    if (!raw[i].damage_disagreement.empty()) disagreements.push_back(raw[i].damage_disagreement);
    sig.prefinished = raw[i];
    contents.signatures.push_back(std::move(sig));
  }
  // Finish() of the decoded set must report exactly what this one did.
  if (disagreements != db.damage_disagreements_)
    return Status::Internal("the per-signature damage disagreements do not add up to Finish()'s");
  contents.damage = db.damage_;
  contents.categories = db.categories_;
  contents.documented = db.documented_;
  return EncodeSignatureBlob(contents, out);
}

}  // namespace blastradius
