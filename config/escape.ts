/**
 * Terraform template escaping for free text that reaches the synthesized JSON.
 *
 * In Terraform's JSON syntax every string is a template: `${ ... }` is an interpolation and `%{ ... }`
 * a directive, evaluated at plan time (`${file("/etc/passwd")}` reads a file on the machine that plans).
 * `$${` and `%%{` are the escapes for the literal text (Terraform language docs, "Strings and
 * Templates": "Escape Sequences"). cdktf writes plain strings through unchanged (its own tokens are
 * `${TfToken[...]}` markers, replaced by references at synth), so the app escapes config text itself.
 *
 * Decided per config key (README, "Configuration" → "Free text and Terraform"):
 *   - escaped: genai-demo:multi-region.alert-emails (RFC 5322 allows `$`, `%`, `{` in an address);
 *   - refused: genai-demo:regions.regions.<r>.name (config/limits.ts REGION_DISPLAY_NAME: tag values and
 *     security-group descriptions accept neither `$` nor `{`, so no such name could deploy);
 *   - every other string key has a format (region, CIDR, DNS name, bucket, version...) without `$`/`%`.
 */

/** `${` → `$${` and `%{` → `%%{`: the text reaches Terraform as the same literal characters. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/**
 * True when `text`, read by Terraform as a template, holds an interpolation or directive: a `${` or
 * `%{` not escaped by doubling its first character (Terraform reads `$${` as a literal `${`).
 */
export function hasLiveTemplateSequence(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === '{') return true;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 2;
  }
  return false;
}
