from storytransformer.cli import main

main()
