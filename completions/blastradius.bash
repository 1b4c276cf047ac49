# bash completion for blastradius
_blastradius() {
  local cur prev cmd
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  cmd="${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "scan rules explain hook version help" -- "$cur"))
    return
  fi
  case "$prev" in
    -f | --format | --report-format) COMPREPLY=($(compgen -W "text json sarif markdown html gitlab" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "critical high medium low none" -- "$cur")); return ;;
    -l | --log-level) COMPREPLY=($(compgen -W "trace debug info warn error fatal" -- "$cur")); return ;;
    --severity) COMPREPLY=($(compgen -W "critical high medium low info" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --signatures) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -o | --output | -r | --report-path | --baseline | --write-baseline | --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --threads | --max-file-size | --exclude | --diff | --since-commit | --exit-code | --stdin-name | \
      --max-target-megabytes | --provider | --capability | --category) return ;;
  esac
  case "$cmd" in
    scan)
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "--format --output --fail-on --threads --show-secrets --max-file-size
          --exclude --no-default-excludes --signatures --no-cache --no-context --color --quiet --verbose
          --staged --diff --since-commit --all-lines --config --no-config --baseline --write-baseline
          --baseline-prune --no-allow-markers --no-color --progress --no-progress --allow-partial
          --fail-on-error --exit-code --report-path --report-format --redact --log-level
          --max-target-megabytes --stdin-name --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi ;;
    explain)
      COMPREPLY=($(compgen -W "$(blastradius rules 2>/dev/null | awk 'NR > 1 && $1 ~ /\./ {print $1}')" -- "$cur")) ;;
    hook) COMPREPLY=($(compgen -W "install --force" -- "$cur")) ;;
    rules)
      if [ "$COMP_CWORD" -eq 2 ] && [[ "$cur" != -* ]]; then
        COMPREPLY=($(compgen -W "check" -- "$cur"))
      elif [ "${COMP_WORDS[2]}" = check ]; then
        COMPREPLY=($(compgen -d -- "$cur"))
      else
        COMPREPLY=($(compgen -W "--provider --capability --severity --category --format --output --signatures
          --help" -- "$cur"))
      fi ;;
  esac
}
complete -o filenames -F _blastradius blastradius
